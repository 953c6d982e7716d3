-- Written by `hotelschema generate --name init`.
-- Undoes V0001__init.sql: every statement's inverse, in reverse order.
--
-- WARNING: rolling back loses data:
--   - drops table account and every row in it
--   - drops table activity_log and every row in it
--   - drops table conversation and every row in it
--   - drops table guest and every row in it
--   - drops table guest_group and every row in it
--   - drops table hotel_event and every row in it
--   - drops table integration and every row in it
--   - drops table integration_sync_log and every row in it
--   - drops table interaction_log and every row in it
--   - drops table invitation and every row in it
--   - drops table laundry_order and every row in it
--   - drops table member and every row in it
--   - drops table menu_category and every row in it
--   - drops table menu_item and every row in it
--   - drops table message and every row in it
--   - drops table note_comment and every row in it
--   - drops table organization and every row in it
--   - drops table restaurant_booking and every row in it
--   - drops table room and every row in it
--   - drops table room_service_order and every row in it
--   - drops table session and every row in it
--   - drops table spa_booking and every row in it
--   - drops table staff_note and every row in it
--   - drops table ticket and every row in it
--   - drops table ticket_comment and every row in it
--   - drops table user and every row in it
--   - drops table verification and every row in it

-- undo: index verification_identifier_idx
SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
SET LOCAL citus.enable_unsafe_triggers = on;
DROP INDEX verification_identifier_idx;

-- undo: index ticket_comment_organization_id_ticket_id_idx
DROP INDEX ticket_comment_organization_id_ticket_id_idx;

-- undo: index ticket_comment_user_id_idx
DROP INDEX ticket_comment_user_id_idx;

-- undo: index ticket_organization_id_room_id_idx
DROP INDEX ticket_organization_id_room_id_idx;

-- undo: index ticket_organization_id_guest_id_idx
DROP INDEX ticket_organization_id_guest_id_idx;

-- undo: index ticket_organization_id_conversation_id_idx
DROP INDEX ticket_organization_id_conversation_id_idx;

-- undo: index ticket_organization_id_status_idx
DROP INDEX ticket_organization_id_status_idx;

-- undo: index ticket_created_by_id_idx
DROP INDEX ticket_created_by_id_idx;

-- undo: index ticket_assigned_to_id_idx
DROP INDEX ticket_assigned_to_id_idx;

-- undo: index staff_note_organization_id_guest_id_idx
DROP INDEX staff_note_organization_id_guest_id_idx;

-- undo: index staff_note_organization_id_room_id_idx
DROP INDEX staff_note_organization_id_room_id_idx;

-- undo: index staff_note_organization_id_status_idx
DROP INDEX staff_note_organization_id_status_idx;

-- undo: index staff_note_created_by_id_idx
DROP INDEX staff_note_created_by_id_idx;

-- undo: index staff_note_assigned_to_id_idx
DROP INDEX staff_note_assigned_to_id_idx;

-- undo: index spa_booking_organization_id_service_id_idx
DROP INDEX spa_booking_organization_id_service_id_idx;

-- undo: index spa_booking_organization_id_guest_id_idx
DROP INDEX spa_booking_organization_id_guest_id_idx;

-- undo: index spa_booking_organization_id_status_idx
DROP INDEX spa_booking_organization_id_status_idx;

-- undo: index spa_booking_user_id_idx
DROP INDEX spa_booking_user_id_idx;

-- undo: index session_active_organization_id_idx
DROP INDEX session_active_organization_id_idx;

-- undo: index session_user_id_idx
DROP INDEX session_user_id_idx;

-- undo: index room_service_order_organization_id_guest_id_idx
DROP INDEX room_service_order_organization_id_guest_id_idx;

-- undo: index room_service_order_organization_id_status_idx
DROP INDEX room_service_order_organization_id_status_idx;

-- undo: index room_service_order_user_id_idx
DROP INDEX room_service_order_user_id_idx;

-- undo: index room_organization_id_external_room_id_idx
DROP INDEX room_organization_id_external_room_id_idx;

-- undo: index room_organization_id_status_idx
DROP INDEX room_organization_id_status_idx;

-- undo: index restaurant_booking_organization_id_guest_id_idx
DROP INDEX restaurant_booking_organization_id_guest_id_idx;

-- undo: index restaurant_booking_organization_id_status_idx
DROP INDEX restaurant_booking_organization_id_status_idx;

-- undo: index restaurant_booking_user_id_idx
DROP INDEX restaurant_booking_user_id_idx;

-- undo: index note_comment_organization_id_note_id_idx
DROP INDEX note_comment_organization_id_note_id_idx;

-- undo: index note_comment_user_id_idx
DROP INDEX note_comment_user_id_idx;

-- undo: index message_organization_id_conversation_id_idx
DROP INDEX message_organization_id_conversation_id_idx;

-- undo: index message_conversation_id_sent_at_idx
DROP INDEX message_conversation_id_sent_at_idx;

-- undo: index message_sender_user_id_idx
DROP INDEX message_sender_user_id_idx;

-- undo: index menu_item_organization_id_category_id_idx
DROP INDEX menu_item_organization_id_category_id_idx;

-- undo: index menu_item_organization_id_is_active_idx
DROP INDEX menu_item_organization_id_is_active_idx;

-- undo: index menu_category_organization_id_category_type_idx
DROP INDEX menu_category_organization_id_category_type_idx;

-- undo: index member_user_id_idx
DROP INDEX member_user_id_idx;

-- undo: index laundry_order_organization_id_guest_id_idx
DROP INDEX laundry_order_organization_id_guest_id_idx;

-- undo: index laundry_order_organization_id_status_idx
DROP INDEX laundry_order_organization_id_status_idx;

-- undo: index laundry_order_user_id_idx
DROP INDEX laundry_order_user_id_idx;

-- undo: index invitation_organization_id_email_idx
DROP INDEX invitation_organization_id_email_idx;

-- undo: index invitation_inviter_id_idx
DROP INDEX invitation_inviter_id_idx;

-- undo: index interaction_log_organization_id_conversation_id_idx
DROP INDEX interaction_log_organization_id_conversation_id_idx;

-- undo: index interaction_log_organization_id_occurred_at_idx
DROP INDEX interaction_log_organization_id_occurred_at_idx;

-- undo: index interaction_log_user_id_idx
DROP INDEX interaction_log_user_id_idx;

-- undo: index integration_sync_log_organization_id_integration_id_idx
DROP INDEX integration_sync_log_organization_id_integration_id_idx;

-- undo: index integration_sync_log_organization_id_created_at_idx
DROP INDEX integration_sync_log_organization_id_created_at_idx;

-- undo: index hotel_event_organization_id_start_date_idx
DROP INDEX hotel_event_organization_id_start_date_idx;

-- undo: index guest_group_organization_id_idx
DROP INDEX guest_group_organization_id_idx;

-- undo: index guest_organization_id_room_id_idx
DROP INDEX guest_organization_id_room_id_idx;

-- undo: index guest_organization_id_guest_group_id_idx
DROP INDEX guest_organization_id_guest_group_id_idx;

-- undo: index guest_user_id_idx
DROP INDEX guest_user_id_idx;

-- undo: index guest_organization_id_external_reservation_id_idx
DROP INDEX guest_organization_id_external_reservation_id_idx;

-- undo: index guest_organization_id_check_in_status_idx
DROP INDEX guest_organization_id_check_in_status_idx;

-- undo: unique index guest_organization_id_external_guest_id_external_source_uq
DROP INDEX guest_organization_id_external_guest_id_external_source_uq;

-- undo: index conversation_organization_id_guest_id_idx
DROP INDEX conversation_organization_id_guest_id_idx;

-- undo: index conversation_organization_id_is_resolved_updated_at_idx
DROP INDEX conversation_organization_id_is_resolved_updated_at_idx;

-- undo: index conversation_assigned_staff_id_idx
DROP INDEX conversation_assigned_staff_id_idx;

-- undo: index conversation_user_id_idx
DROP INDEX conversation_user_id_idx;

-- undo: index activity_log_organization_id_guest_id_idx
DROP INDEX activity_log_organization_id_guest_id_idx;

-- undo: index activity_log_occurred_at_idx
DROP INDEX activity_log_occurred_at_idx;

-- undo: index activity_log_organization_id_activity_type_idx
DROP INDEX activity_log_organization_id_activity_type_idx;

-- undo: index activity_log_user_id_idx
DROP INDEX activity_log_user_id_idx;

-- undo: index account_user_id_idx
DROP INDEX account_user_id_idx;

-- undo: foreign key ticket_comment_organization_id_ticket_id_fkey
ALTER TABLE ticket_comment DROP CONSTRAINT ticket_comment_organization_id_ticket_id_fkey;

-- undo: foreign key ticket_comment_organization_id_fkey
ALTER TABLE ticket_comment DROP CONSTRAINT ticket_comment_organization_id_fkey;

-- undo: foreign key ticket_comment_user_id_fkey
ALTER TABLE ticket_comment DROP CONSTRAINT ticket_comment_user_id_fkey;

-- undo: foreign key ticket_organization_id_room_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_organization_id_room_id_fkey;

-- undo: foreign key ticket_organization_id_guest_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_organization_id_guest_id_fkey;

-- undo: foreign key ticket_organization_id_conversation_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_organization_id_conversation_id_fkey;

-- undo: foreign key ticket_created_by_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_created_by_id_fkey;

-- undo: foreign key ticket_assigned_to_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_assigned_to_id_fkey;

-- undo: foreign key ticket_organization_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_organization_id_fkey;

-- undo: foreign key staff_note_organization_id_room_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_organization_id_room_id_fkey;

-- undo: foreign key staff_note_organization_id_guest_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_organization_id_guest_id_fkey;

-- undo: foreign key staff_note_created_by_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_created_by_id_fkey;

-- undo: foreign key staff_note_assigned_to_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_assigned_to_id_fkey;

-- undo: foreign key staff_note_organization_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_organization_id_fkey;

-- undo: foreign key spa_booking_organization_id_service_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_organization_id_service_id_fkey;

-- undo: foreign key spa_booking_organization_id_guest_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_organization_id_guest_id_fkey;

-- undo: foreign key spa_booking_user_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_user_id_fkey;

-- undo: foreign key spa_booking_organization_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_organization_id_fkey;

-- undo: foreign key session_active_organization_id_fkey
ALTER TABLE session DROP CONSTRAINT session_active_organization_id_fkey;

-- undo: foreign key session_user_id_fkey
ALTER TABLE session DROP CONSTRAINT session_user_id_fkey;

-- undo: foreign key room_service_order_organization_id_guest_id_fkey
ALTER TABLE room_service_order DROP CONSTRAINT room_service_order_organization_id_guest_id_fkey;

-- undo: foreign key room_service_order_user_id_fkey
ALTER TABLE room_service_order DROP CONSTRAINT room_service_order_user_id_fkey;

-- undo: foreign key room_service_order_organization_id_fkey
ALTER TABLE room_service_order DROP CONSTRAINT room_service_order_organization_id_fkey;

-- undo: foreign key room_organization_id_fkey
ALTER TABLE room DROP CONSTRAINT room_organization_id_fkey;

-- undo: foreign key restaurant_booking_organization_id_guest_id_fkey
ALTER TABLE restaurant_booking DROP CONSTRAINT restaurant_booking_organization_id_guest_id_fkey;

-- undo: foreign key restaurant_booking_user_id_fkey
ALTER TABLE restaurant_booking DROP CONSTRAINT restaurant_booking_user_id_fkey;

-- undo: foreign key restaurant_booking_organization_id_fkey
ALTER TABLE restaurant_booking DROP CONSTRAINT restaurant_booking_organization_id_fkey;

-- undo: foreign key note_comment_organization_id_note_id_fkey
ALTER TABLE note_comment DROP CONSTRAINT note_comment_organization_id_note_id_fkey;

-- undo: foreign key note_comment_organization_id_fkey
ALTER TABLE note_comment DROP CONSTRAINT note_comment_organization_id_fkey;

-- undo: foreign key note_comment_user_id_fkey
ALTER TABLE note_comment DROP CONSTRAINT note_comment_user_id_fkey;

-- undo: foreign key message_organization_id_conversation_id_fkey
ALTER TABLE message DROP CONSTRAINT message_organization_id_conversation_id_fkey;

-- undo: foreign key message_organization_id_fkey
ALTER TABLE message DROP CONSTRAINT message_organization_id_fkey;

-- undo: foreign key message_sender_user_id_fkey
ALTER TABLE message DROP CONSTRAINT message_sender_user_id_fkey;

-- undo: foreign key menu_item_organization_id_category_id_fkey
ALTER TABLE menu_item DROP CONSTRAINT menu_item_organization_id_category_id_fkey;

-- undo: foreign key menu_item_organization_id_fkey
ALTER TABLE menu_item DROP CONSTRAINT menu_item_organization_id_fkey;

-- undo: foreign key menu_category_organization_id_fkey
ALTER TABLE menu_category DROP CONSTRAINT menu_category_organization_id_fkey;

-- undo: foreign key member_user_id_fkey
ALTER TABLE member DROP CONSTRAINT member_user_id_fkey;

-- undo: foreign key member_organization_id_fkey
ALTER TABLE member DROP CONSTRAINT member_organization_id_fkey;

-- undo: foreign key laundry_order_organization_id_guest_id_fkey
ALTER TABLE laundry_order DROP CONSTRAINT laundry_order_organization_id_guest_id_fkey;

-- undo: foreign key laundry_order_user_id_fkey
ALTER TABLE laundry_order DROP CONSTRAINT laundry_order_user_id_fkey;

-- undo: foreign key laundry_order_organization_id_fkey
ALTER TABLE laundry_order DROP CONSTRAINT laundry_order_organization_id_fkey;

-- undo: foreign key invitation_inviter_id_fkey
ALTER TABLE invitation DROP CONSTRAINT invitation_inviter_id_fkey;

-- undo: foreign key invitation_organization_id_fkey
ALTER TABLE invitation DROP CONSTRAINT invitation_organization_id_fkey;

-- undo: foreign key interaction_log_organization_id_conversation_id_fkey
ALTER TABLE interaction_log DROP CONSTRAINT interaction_log_organization_id_conversation_id_fkey;

-- undo: foreign key interaction_log_user_id_fkey
ALTER TABLE interaction_log DROP CONSTRAINT interaction_log_user_id_fkey;

-- undo: foreign key interaction_log_organization_id_fkey
ALTER TABLE interaction_log DROP CONSTRAINT interaction_log_organization_id_fkey;

-- undo: foreign key integration_sync_log_organization_id_integration_id_fkey
ALTER TABLE integration_sync_log DROP CONSTRAINT integration_sync_log_organization_id_integration_id_fkey;

-- undo: foreign key integration_sync_log_organization_id_fkey
ALTER TABLE integration_sync_log DROP CONSTRAINT integration_sync_log_organization_id_fkey;

-- undo: foreign key integration_organization_id_fkey
ALTER TABLE integration DROP CONSTRAINT integration_organization_id_fkey;

-- undo: foreign key hotel_event_organization_id_fkey
ALTER TABLE hotel_event DROP CONSTRAINT hotel_event_organization_id_fkey;

-- undo: foreign key guest_group_organization_id_fkey
ALTER TABLE guest_group DROP CONSTRAINT guest_group_organization_id_fkey;

-- undo: foreign key guest_organization_id_room_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_organization_id_room_id_fkey;

-- undo: foreign key guest_organization_id_guest_group_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_organization_id_guest_group_id_fkey;

-- undo: foreign key guest_user_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_user_id_fkey;

-- undo: foreign key guest_organization_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_organization_id_fkey;

-- undo: foreign key conversation_organization_id_guest_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_organization_id_guest_id_fkey;

-- undo: foreign key conversation_assigned_staff_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_assigned_staff_id_fkey;

-- undo: foreign key conversation_user_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_user_id_fkey;

-- undo: foreign key conversation_organization_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_organization_id_fkey;

-- undo: foreign key activity_log_organization_id_guest_id_fkey
ALTER TABLE activity_log DROP CONSTRAINT activity_log_organization_id_guest_id_fkey;

-- undo: foreign key activity_log_user_id_fkey
ALTER TABLE activity_log DROP CONSTRAINT activity_log_user_id_fkey;

-- undo: foreign key activity_log_organization_id_fkey
ALTER TABLE activity_log DROP CONSTRAINT activity_log_organization_id_fkey;

-- undo: foreign key account_user_id_fkey
ALTER TABLE account DROP CONSTRAINT account_user_id_fkey;

-- undo: trigger verification_touch_updated_at on verification
DROP TRIGGER verification_touch_updated_at ON verification;

-- undo: trigger user_touch_updated_at on user
DROP TRIGGER user_touch_updated_at ON "user";

-- undo: trigger ticket_touch_updated_at on ticket
DROP TRIGGER ticket_touch_updated_at ON ticket;

-- undo: trigger ticket_assign_number on ticket
DROP TRIGGER ticket_assign_number ON ticket;

-- undo: trigger staff_note_touch_updated_at on staff_note
DROP TRIGGER staff_note_touch_updated_at ON staff_note;

-- undo: trigger spa_booking_touch_updated_at on spa_booking
DROP TRIGGER spa_booking_touch_updated_at ON spa_booking;

-- undo: trigger session_touch_updated_at on session
DROP TRIGGER session_touch_updated_at ON session;

-- undo: trigger room_service_order_touch_updated_at on room_service_order
DROP TRIGGER room_service_order_touch_updated_at ON room_service_order;

-- undo: trigger room_touch_updated_at on room
DROP TRIGGER room_touch_updated_at ON room;

-- undo: trigger restaurant_booking_touch_updated_at on restaurant_booking
DROP TRIGGER restaurant_booking_touch_updated_at ON restaurant_booking;

-- undo: trigger organization_touch_updated_at on organization
DROP TRIGGER organization_touch_updated_at ON organization;

-- undo: trigger menu_item_touch_updated_at on menu_item
DROP TRIGGER menu_item_touch_updated_at ON menu_item;

-- undo: trigger menu_category_touch_updated_at on menu_category
DROP TRIGGER menu_category_touch_updated_at ON menu_category;

-- undo: trigger member_touch_updated_at on member
DROP TRIGGER member_touch_updated_at ON member;

-- undo: trigger laundry_order_touch_updated_at on laundry_order
DROP TRIGGER laundry_order_touch_updated_at ON laundry_order;

-- undo: trigger integration_touch_updated_at on integration
DROP TRIGGER integration_touch_updated_at ON integration;

-- undo: trigger hotel_event_touch_updated_at on hotel_event
DROP TRIGGER hotel_event_touch_updated_at ON hotel_event;

-- undo: trigger guest_group_touch_updated_at on guest_group
DROP TRIGGER guest_group_touch_updated_at ON guest_group;

-- undo: trigger guest_touch_updated_at on guest
DROP TRIGGER guest_touch_updated_at ON guest;

-- undo: trigger conversation_touch_updated_at on conversation
DROP TRIGGER conversation_touch_updated_at ON conversation;

-- undo: trigger account_touch_updated_at on account
DROP TRIGGER account_touch_updated_at ON account;

-- undo: function assign_ticket_number()
DROP FUNCTION assign_ticket_number();

-- undo: function touch_updated_at()
DROP FUNCTION touch_updated_at();

-- undo: table ticket_comment: distributed by organization_id
-- ticket_comment: its shards go with the table

-- undo: table ticket: distributed by organization_id
-- ticket: its shards go with the table

-- undo: table staff_note: distributed by organization_id
-- staff_note: its shards go with the table

-- undo: table spa_booking: distributed by organization_id
-- spa_booking: its shards go with the table

-- undo: table room_service_order: distributed by organization_id
-- room_service_order: its shards go with the table

-- undo: table room: distributed by organization_id
-- room: its shards go with the table

-- undo: table restaurant_booking: distributed by organization_id
-- restaurant_booking: its shards go with the table

-- undo: table note_comment: distributed by organization_id
-- note_comment: its shards go with the table

-- undo: table message: distributed by organization_id
-- message: its shards go with the table

-- undo: table menu_item: distributed by organization_id
-- menu_item: its shards go with the table

-- undo: table menu_category: distributed by organization_id
-- menu_category: its shards go with the table

-- undo: table member: distributed by organization_id
-- member: its shards go with the table

-- undo: table laundry_order: distributed by organization_id
-- laundry_order: its shards go with the table

-- undo: table invitation: distributed by organization_id
-- invitation: its shards go with the table

-- undo: table interaction_log: distributed by organization_id
-- interaction_log: its shards go with the table

-- undo: table integration_sync_log: distributed by organization_id
-- integration_sync_log: its shards go with the table

-- undo: table integration: distributed by organization_id
-- integration: its shards go with the table

-- undo: table hotel_event: distributed by organization_id
-- hotel_event: its shards go with the table

-- undo: table guest_group: distributed by organization_id
-- guest_group: its shards go with the table

-- undo: table guest: distributed by organization_id
-- guest: its shards go with the table

-- undo: table conversation: distributed by organization_id
-- conversation: its shards go with the table

-- undo: table activity_log: distributed by organization_id
-- activity_log: its shards go with the table

-- undo: table verification: a reference table
-- verification: its shards go with the table

-- undo: table user: a reference table
-- user: its shards go with the table

-- undo: table session: a reference table
-- session: its shards go with the table

-- undo: table organization: a reference table
-- organization: its shards go with the table

-- undo: table account: a reference table
-- account: its shards go with the table

-- undo: table verification
DROP TABLE verification;

-- undo: table user
DROP TABLE "user";

-- undo: table ticket_comment
DROP TABLE ticket_comment;

-- undo: table ticket
DROP TABLE ticket;

-- undo: table staff_note
DROP TABLE staff_note;

-- undo: table spa_booking
DROP TABLE spa_booking;

-- undo: table session
DROP TABLE session;

-- undo: table room_service_order
DROP TABLE room_service_order;

-- undo: table room
DROP TABLE room;

-- undo: table restaurant_booking
DROP TABLE restaurant_booking;

-- undo: table organization
DROP TABLE organization;

-- undo: table note_comment
DROP TABLE note_comment;

-- undo: table message
DROP TABLE message;

-- undo: table menu_item
DROP TABLE menu_item;

-- undo: table menu_category
DROP TABLE menu_category;

-- undo: table member
DROP TABLE member;

-- undo: table laundry_order
DROP TABLE laundry_order;

-- undo: table invitation
DROP TABLE invitation;

-- undo: table interaction_log
DROP TABLE interaction_log;

-- undo: table integration_sync_log
DROP TABLE integration_sync_log;

-- undo: table integration
DROP TABLE integration;

-- undo: table hotel_event
DROP TABLE hotel_event;

-- undo: table guest_group
DROP TABLE guest_group;

-- undo: table guest
DROP TABLE guest;

-- undo: table conversation
DROP TABLE conversation;

-- undo: table activity_log
DROP TABLE activity_log;

-- undo: table account
DROP TABLE account;

-- undo: enum hotel_event_type
DROP TYPE hotel_event_type;

-- undo: enum activity_type
DROP TYPE activity_type;

-- undo: enum menu_category_type
DROP TYPE menu_category_type;

-- undo: enum booking_channel
DROP TYPE booking_channel;

-- undo: enum reservation_state
DROP TYPE reservation_state;

-- undo: enum integration_sync_status
DROP TYPE integration_sync_status;

-- undo: enum integration_provider
DROP TYPE integration_provider;

-- undo: enum service_type
DROP TYPE service_type;

-- undo: enum staff_note_status
DROP TYPE staff_note_status;

-- undo: enum ticket_category
DROP TYPE ticket_category;

-- undo: enum ticket_priority
DROP TYPE ticket_priority;

-- undo: enum ticket_status
DROP TYPE ticket_status;

-- undo: enum message_role
DROP TYPE message_role;

-- undo: enum conversation_audience
DROP TYPE conversation_audience;

-- undo: enum payment_status
DROP TYPE payment_status;

-- undo: enum spa_booking_status
DROP TYPE spa_booking_status;

-- undo: enum laundry_order_status
DROP TYPE laundry_order_status;

-- undo: enum room_service_order_status
DROP TYPE room_service_order_status;

-- undo: enum restaurant_booking_status
DROP TYPE restaurant_booking_status;

-- undo: enum room_type
DROP TYPE room_type;

-- undo: enum room_status
DROP TYPE room_status;

-- undo: enum check_in_status
DROP TYPE check_in_status;

-- undo: enum member_role
DROP TYPE member_role;

-- undo: extension pg_trgm
DROP EXTENSION pg_trgm;

-- undo: extension pgcrypto
DROP EXTENSION pgcrypto;
