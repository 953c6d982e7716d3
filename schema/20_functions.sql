-- Functions of the hotel schema. Tables, enums and indexes are in the YAML files; code lives
-- here, one CREATE FUNCTION each (see the README's "Functions and procedures").

-- BEFORE UPDATE on every table with updated_at (the `timestamps` column group's trigger).
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- BEFORE INSERT on ticket: the organization's next number, TKT-00042 (the prefix is the
-- trigger's argument). A transaction-scoped advisory lock per organization serialises
-- concurrent inserts, so two tickets never get one number.
CREATE FUNCTION assign_ticket_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_number integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ticket_number:' || NEW.organization_id::text));
  SELECT coalesce(max(substring(ticket_number FROM '[0-9]+$')::integer), 0) + 1
    INTO next_number
    FROM ticket
   WHERE organization_id = NEW.organization_id;
  NEW.ticket_number := TG_ARGV[0] || '-' || lpad(next_number::text, 5, '0');
  RETURN NEW;
END
$$;
