-- Written by `hotelschema generate --name updated_at_and_ticket_number_triggers`.
-- Undoes V0002__updated_at_and_ticket_number_triggers.sql: every statement's inverse, in reverse order.

-- undo: trigger hotel_event_touch_updated_at on hotel_event
DROP TRIGGER hotel_event_touch_updated_at ON hotel_event;

-- undo: trigger integration_touch_updated_at on integration
DROP TRIGGER integration_touch_updated_at ON integration;

-- undo: trigger menu_item_touch_updated_at on menu_item
DROP TRIGGER menu_item_touch_updated_at ON menu_item;

-- undo: trigger menu_category_touch_updated_at on menu_category
DROP TRIGGER menu_category_touch_updated_at ON menu_category;

-- undo: trigger staff_note_touch_updated_at on staff_note
DROP TRIGGER staff_note_touch_updated_at ON staff_note;

-- undo: trigger ticket_assign_number on ticket
DROP TRIGGER ticket_assign_number ON ticket;

-- undo: trigger ticket_touch_updated_at on ticket
DROP TRIGGER ticket_touch_updated_at ON ticket;

-- undo: trigger conversation_touch_updated_at on conversation
DROP TRIGGER conversation_touch_updated_at ON conversation;

-- undo: trigger spa_booking_touch_updated_at on spa_booking
DROP TRIGGER spa_booking_touch_updated_at ON spa_booking;

-- undo: trigger laundry_order_touch_updated_at on laundry_order
DROP TRIGGER laundry_order_touch_updated_at ON laundry_order;

-- undo: trigger room_service_order_touch_updated_at on room_service_order
DROP TRIGGER room_service_order_touch_updated_at ON room_service_order;

-- undo: trigger restaurant_booking_touch_updated_at on restaurant_booking
DROP TRIGGER restaurant_booking_touch_updated_at ON restaurant_booking;

-- undo: trigger room_touch_updated_at on room
DROP TRIGGER room_touch_updated_at ON room;

-- undo: trigger guest_group_touch_updated_at on guest_group
DROP TRIGGER guest_group_touch_updated_at ON guest_group;

-- undo: trigger guest_touch_updated_at on guest
DROP TRIGGER guest_touch_updated_at ON guest;

-- undo: trigger member_touch_updated_at on member
DROP TRIGGER member_touch_updated_at ON member;

-- undo: trigger organization_touch_updated_at on organization
DROP TRIGGER organization_touch_updated_at ON organization;

-- undo: trigger verification_touch_updated_at on verification
DROP TRIGGER verification_touch_updated_at ON verification;

-- undo: trigger account_touch_updated_at on account
DROP TRIGGER account_touch_updated_at ON account;

-- undo: trigger session_touch_updated_at on session
DROP TRIGGER session_touch_updated_at ON session;

-- undo: trigger user_touch_updated_at on user
DROP TRIGGER user_touch_updated_at ON "user";

-- undo: function assign_ticket_number()
DROP FUNCTION assign_ticket_number();

-- undo: function touch_updated_at()
DROP FUNCTION touch_updated_at();

-- undo: comment on column hotel_event.updated_at
COMMENT ON COLUMN hotel_event.updated_at IS 'Set by the application on every update';

-- undo: comment on column integration.updated_at
COMMENT ON COLUMN integration.updated_at IS 'Set by the application on every update';

-- undo: comment on column menu_item.updated_at
COMMENT ON COLUMN menu_item.updated_at IS 'Set by the application on every update';

-- undo: comment on column menu_category.updated_at
COMMENT ON COLUMN menu_category.updated_at IS 'Set by the application on every update';

-- undo: comment on column staff_note.updated_at
COMMENT ON COLUMN staff_note.updated_at IS 'Set by the application on every update';

-- undo: comment on column ticket.updated_at
COMMENT ON COLUMN ticket.updated_at IS 'Set by the application on every update';

-- undo: comment on column conversation.updated_at
COMMENT ON COLUMN conversation.updated_at IS 'Set by the application on every update';

-- undo: comment on column spa_booking.updated_at
COMMENT ON COLUMN spa_booking.updated_at IS 'Set by the application on every update';

-- undo: comment on column laundry_order.updated_at
COMMENT ON COLUMN laundry_order.updated_at IS 'Set by the application on every update';

-- undo: comment on column room_service_order.updated_at
COMMENT ON COLUMN room_service_order.updated_at IS 'Set by the application on every update';

-- undo: comment on column restaurant_booking.updated_at
COMMENT ON COLUMN restaurant_booking.updated_at IS 'Set by the application on every update';

-- undo: comment on column room.updated_at
COMMENT ON COLUMN room.updated_at IS 'Set by the application on every update';

-- undo: comment on column guest_group.updated_at
COMMENT ON COLUMN guest_group.updated_at IS 'Set by the application on every update';

-- undo: comment on column guest.updated_at
COMMENT ON COLUMN guest.updated_at IS 'Set by the application on every update';

-- undo: comment on column member.updated_at
COMMENT ON COLUMN member.updated_at IS 'Set by the application on every update';

-- undo: comment on column organization.updated_at
COMMENT ON COLUMN organization.updated_at IS 'Set by the application on every update';

-- undo: comment on column verification.updated_at
COMMENT ON COLUMN verification.updated_at IS 'Set by the application on every update';

-- undo: comment on column account.updated_at
COMMENT ON COLUMN account.updated_at IS 'Set by the application on every update';

-- undo: comment on column session.updated_at
COMMENT ON COLUMN session.updated_at IS 'Set by the application on every update';

-- undo: comment on column user.updated_at
COMMENT ON COLUMN "user".updated_at IS 'Set by the application on every update';
