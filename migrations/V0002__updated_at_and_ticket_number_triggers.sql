-- Written by `hotelschema generate --name updated_at_and_ticket_number_triggers`.
-- Changes: 20 comments, 2 functions, 21 triggers.
-- Its exact inverse is V0002__updated_at_and_ticket_number_triggers.down.sql.
-- Do not edit a migration once it has been applied anywhere: write a new one.

-- comment on column user.updated_at
COMMENT ON COLUMN "user".updated_at IS 'Set by the database on every update';

-- comment on column session.updated_at
COMMENT ON COLUMN session.updated_at IS 'Set by the database on every update';

-- comment on column account.updated_at
COMMENT ON COLUMN account.updated_at IS 'Set by the database on every update';

-- comment on column verification.updated_at
COMMENT ON COLUMN verification.updated_at IS 'Set by the database on every update';

-- comment on column organization.updated_at
COMMENT ON COLUMN organization.updated_at IS 'Set by the database on every update';

-- comment on column member.updated_at
COMMENT ON COLUMN member.updated_at IS 'Set by the database on every update';

-- comment on column guest.updated_at
COMMENT ON COLUMN guest.updated_at IS 'Set by the database on every update';

-- comment on column guest_group.updated_at
COMMENT ON COLUMN guest_group.updated_at IS 'Set by the database on every update';

-- comment on column room.updated_at
COMMENT ON COLUMN room.updated_at IS 'Set by the database on every update';

-- comment on column restaurant_booking.updated_at
COMMENT ON COLUMN restaurant_booking.updated_at IS 'Set by the database on every update';

-- comment on column room_service_order.updated_at
COMMENT ON COLUMN room_service_order.updated_at IS 'Set by the database on every update';

-- comment on column laundry_order.updated_at
COMMENT ON COLUMN laundry_order.updated_at IS 'Set by the database on every update';

-- comment on column spa_booking.updated_at
COMMENT ON COLUMN spa_booking.updated_at IS 'Set by the database on every update';

-- comment on column conversation.updated_at
COMMENT ON COLUMN conversation.updated_at IS 'Set by the database on every update';

-- comment on column ticket.updated_at
COMMENT ON COLUMN ticket.updated_at IS 'Set by the database on every update';

-- comment on column staff_note.updated_at
COMMENT ON COLUMN staff_note.updated_at IS 'Set by the database on every update';

-- comment on column menu_category.updated_at
COMMENT ON COLUMN menu_category.updated_at IS 'Set by the database on every update';

-- comment on column menu_item.updated_at
COMMENT ON COLUMN menu_item.updated_at IS 'Set by the database on every update';

-- comment on column integration.updated_at
COMMENT ON COLUMN integration.updated_at IS 'Set by the database on every update';

-- comment on column hotel_event.updated_at
COMMENT ON COLUMN hotel_event.updated_at IS 'Set by the database on every update';

-- function touch_updated_at()
SET LOCAL check_function_bodies = off;
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- function assign_ticket_number()
SET LOCAL check_function_bodies = off;
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

-- trigger user_touch_updated_at on user
CREATE TRIGGER user_touch_updated_at BEFORE UPDATE ON "user" FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger session_touch_updated_at on session
CREATE TRIGGER session_touch_updated_at BEFORE UPDATE ON session FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger account_touch_updated_at on account
CREATE TRIGGER account_touch_updated_at BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger verification_touch_updated_at on verification
CREATE TRIGGER verification_touch_updated_at BEFORE UPDATE ON verification FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger organization_touch_updated_at on organization
CREATE TRIGGER organization_touch_updated_at BEFORE UPDATE ON organization FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger member_touch_updated_at on member
CREATE TRIGGER member_touch_updated_at BEFORE UPDATE ON member FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger guest_touch_updated_at on guest
CREATE TRIGGER guest_touch_updated_at BEFORE UPDATE ON guest FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger guest_group_touch_updated_at on guest_group
CREATE TRIGGER guest_group_touch_updated_at BEFORE UPDATE ON guest_group FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger room_touch_updated_at on room
CREATE TRIGGER room_touch_updated_at BEFORE UPDATE ON room FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger restaurant_booking_touch_updated_at on restaurant_booking
CREATE TRIGGER restaurant_booking_touch_updated_at BEFORE UPDATE ON restaurant_booking FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger room_service_order_touch_updated_at on room_service_order
CREATE TRIGGER room_service_order_touch_updated_at BEFORE UPDATE ON room_service_order FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger laundry_order_touch_updated_at on laundry_order
CREATE TRIGGER laundry_order_touch_updated_at BEFORE UPDATE ON laundry_order FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger spa_booking_touch_updated_at on spa_booking
CREATE TRIGGER spa_booking_touch_updated_at BEFORE UPDATE ON spa_booking FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger conversation_touch_updated_at on conversation
CREATE TRIGGER conversation_touch_updated_at BEFORE UPDATE ON conversation FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger ticket_touch_updated_at on ticket
CREATE TRIGGER ticket_touch_updated_at BEFORE UPDATE ON ticket FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger ticket_assign_number on ticket
CREATE TRIGGER ticket_assign_number BEFORE INSERT ON ticket FOR EACH ROW WHEN (new.ticket_number IS NULL) EXECUTE FUNCTION assign_ticket_number('TKT');

-- trigger staff_note_touch_updated_at on staff_note
CREATE TRIGGER staff_note_touch_updated_at BEFORE UPDATE ON staff_note FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger menu_category_touch_updated_at on menu_category
CREATE TRIGGER menu_category_touch_updated_at BEFORE UPDATE ON menu_category FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger menu_item_touch_updated_at on menu_item
CREATE TRIGGER menu_item_touch_updated_at BEFORE UPDATE ON menu_item FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger integration_touch_updated_at on integration
CREATE TRIGGER integration_touch_updated_at BEFORE UPDATE ON integration FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger hotel_event_touch_updated_at on hotel_event
CREATE TRIGGER hotel_event_touch_updated_at BEFORE UPDATE ON hotel_event FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
