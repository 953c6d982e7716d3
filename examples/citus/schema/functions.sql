-- Written by `hotelschema pull`.

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

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
