-- Written by `hotelschema generate --name init`.
-- Undoes V0001__init.sql: every statement's inverse, in reverse order.
--
-- WARNING: rolling back loses data:
--   - drops table user and every row in it
--   - drops table session and every row in it
--   - drops table account and every row in it
--   - drops table verification and every row in it
--   - drops table organization and every row in it
--   - drops table member and every row in it
--   - drops table invitation and every row in it
--   - drops table guest and every row in it
--   - drops table guest_group and every row in it
--   - drops table room and every row in it
--   - drops table restaurant_booking and every row in it
--   - drops table room_service_order and every row in it
--   - drops table laundry_order and every row in it
--   - drops table spa_booking and every row in it
--   - drops table conversation and every row in it
--   - drops table message and every row in it
--   - drops table ticket and every row in it
--   - drops table ticket_comment and every row in it
--   - drops table staff_note and every row in it
--   - drops table note_comment and every row in it
--   - drops table menu_category and every row in it
--   - drops table menu_item and every row in it
--   - drops table integration and every row in it
--   - drops table integration_sync_log and every row in it
--   - drops table activity_log and every row in it
--   - drops table interaction_log and every row in it
--   - drops table hotel_event and every row in it

-- undo: index hotel_event_organization_id_start_date_idx
DROP INDEX hotel_event_organization_id_start_date_idx;

-- undo: index interaction_log_organization_id_occurred_at_idx
DROP INDEX interaction_log_organization_id_occurred_at_idx;

-- undo: index interaction_log_conversation_id_idx
DROP INDEX interaction_log_conversation_id_idx;

-- undo: index interaction_log_user_id_idx
DROP INDEX interaction_log_user_id_idx;

-- undo: index activity_log_occurred_at_idx
DROP INDEX activity_log_occurred_at_idx;

-- undo: index activity_log_organization_id_activity_type_idx
DROP INDEX activity_log_organization_id_activity_type_idx;

-- undo: index activity_log_guest_id_idx
DROP INDEX activity_log_guest_id_idx;

-- undo: index activity_log_user_id_idx
DROP INDEX activity_log_user_id_idx;

-- undo: index integration_sync_log_organization_id_created_at_idx
DROP INDEX integration_sync_log_organization_id_created_at_idx;

-- undo: index integration_sync_log_integration_id_idx
DROP INDEX integration_sync_log_integration_id_idx;

-- undo: index menu_item_organization_id_is_active_idx
DROP INDEX menu_item_organization_id_is_active_idx;

-- undo: index menu_item_category_id_idx
DROP INDEX menu_item_category_id_idx;

-- undo: index menu_category_organization_id_category_type_idx
DROP INDEX menu_category_organization_id_category_type_idx;

-- undo: index note_comment_user_id_idx
DROP INDEX note_comment_user_id_idx;

-- undo: index note_comment_note_id_idx
DROP INDEX note_comment_note_id_idx;

-- undo: index staff_note_organization_id_status_idx
DROP INDEX staff_note_organization_id_status_idx;

-- undo: index staff_note_created_by_id_idx
DROP INDEX staff_note_created_by_id_idx;

-- undo: index staff_note_assigned_to_id_idx
DROP INDEX staff_note_assigned_to_id_idx;

-- undo: index staff_note_guest_id_idx
DROP INDEX staff_note_guest_id_idx;

-- undo: index staff_note_room_id_idx
DROP INDEX staff_note_room_id_idx;

-- undo: index ticket_comment_user_id_idx
DROP INDEX ticket_comment_user_id_idx;

-- undo: index ticket_comment_ticket_id_idx
DROP INDEX ticket_comment_ticket_id_idx;

-- undo: index ticket_organization_id_status_idx
DROP INDEX ticket_organization_id_status_idx;

-- undo: index ticket_created_by_id_idx
DROP INDEX ticket_created_by_id_idx;

-- undo: index ticket_assigned_to_id_idx
DROP INDEX ticket_assigned_to_id_idx;

-- undo: index ticket_room_id_idx
DROP INDEX ticket_room_id_idx;

-- undo: index ticket_guest_id_idx
DROP INDEX ticket_guest_id_idx;

-- undo: index ticket_conversation_id_idx
DROP INDEX ticket_conversation_id_idx;

-- undo: index message_conversation_id_sent_at_idx
DROP INDEX message_conversation_id_sent_at_idx;

-- undo: index message_sender_user_id_idx
DROP INDEX message_sender_user_id_idx;

-- undo: index conversation_organization_id_is_resolved_updated_at_idx
DROP INDEX conversation_organization_id_is_resolved_updated_at_idx;

-- undo: index conversation_assigned_staff_id_idx
DROP INDEX conversation_assigned_staff_id_idx;

-- undo: index conversation_user_id_idx
DROP INDEX conversation_user_id_idx;

-- undo: index conversation_guest_id_idx
DROP INDEX conversation_guest_id_idx;

-- undo: index spa_booking_organization_id_status_idx
DROP INDEX spa_booking_organization_id_status_idx;

-- undo: index spa_booking_service_id_idx
DROP INDEX spa_booking_service_id_idx;

-- undo: index spa_booking_user_id_idx
DROP INDEX spa_booking_user_id_idx;

-- undo: index spa_booking_guest_id_idx
DROP INDEX spa_booking_guest_id_idx;

-- undo: index laundry_order_organization_id_status_idx
DROP INDEX laundry_order_organization_id_status_idx;

-- undo: index laundry_order_user_id_idx
DROP INDEX laundry_order_user_id_idx;

-- undo: index laundry_order_guest_id_idx
DROP INDEX laundry_order_guest_id_idx;

-- undo: index room_service_order_organization_id_status_idx
DROP INDEX room_service_order_organization_id_status_idx;

-- undo: index room_service_order_user_id_idx
DROP INDEX room_service_order_user_id_idx;

-- undo: index room_service_order_guest_id_idx
DROP INDEX room_service_order_guest_id_idx;

-- undo: index restaurant_booking_organization_id_status_idx
DROP INDEX restaurant_booking_organization_id_status_idx;

-- undo: index restaurant_booking_user_id_idx
DROP INDEX restaurant_booking_user_id_idx;

-- undo: index restaurant_booking_guest_id_idx
DROP INDEX restaurant_booking_guest_id_idx;

-- undo: index room_organization_id_external_room_id_idx
DROP INDEX room_organization_id_external_room_id_idx;

-- undo: index room_organization_id_status_idx
DROP INDEX room_organization_id_status_idx;

-- undo: index guest_group_organization_id_idx
DROP INDEX guest_group_organization_id_idx;

-- undo: index guest_user_id_idx
DROP INDEX guest_user_id_idx;

-- undo: index guest_organization_id_external_reservation_id_idx
DROP INDEX guest_organization_id_external_reservation_id_idx;

-- undo: index guest_organization_id_check_in_status_idx
DROP INDEX guest_organization_id_check_in_status_idx;

-- undo: index guest_room_id_idx
DROP INDEX guest_room_id_idx;

-- undo: index guest_guest_group_id_idx
DROP INDEX guest_guest_group_id_idx;

-- undo: unique index guest_organization_id_external_guest_id_external_source_uq
DROP INDEX guest_organization_id_external_guest_id_external_source_uq;

-- undo: index invitation_organization_id_email_idx
DROP INDEX invitation_organization_id_email_idx;

-- undo: index invitation_inviter_id_idx
DROP INDEX invitation_inviter_id_idx;

-- undo: index member_user_id_idx
DROP INDEX member_user_id_idx;

-- undo: index verification_identifier_idx
DROP INDEX verification_identifier_idx;

-- undo: index account_user_id_idx
DROP INDEX account_user_id_idx;

-- undo: index session_active_organization_id_idx
DROP INDEX session_active_organization_id_idx;

-- undo: index session_user_id_idx
DROP INDEX session_user_id_idx;

-- undo: foreign key hotel_event_organization_id_fkey
ALTER TABLE hotel_event DROP CONSTRAINT hotel_event_organization_id_fkey;

-- undo: foreign key interaction_log_conversation_id_fkey
ALTER TABLE interaction_log DROP CONSTRAINT interaction_log_conversation_id_fkey;

-- undo: foreign key interaction_log_user_id_fkey
ALTER TABLE interaction_log DROP CONSTRAINT interaction_log_user_id_fkey;

-- undo: foreign key interaction_log_organization_id_fkey
ALTER TABLE interaction_log DROP CONSTRAINT interaction_log_organization_id_fkey;

-- undo: foreign key activity_log_guest_id_fkey
ALTER TABLE activity_log DROP CONSTRAINT activity_log_guest_id_fkey;

-- undo: foreign key activity_log_user_id_fkey
ALTER TABLE activity_log DROP CONSTRAINT activity_log_user_id_fkey;

-- undo: foreign key activity_log_organization_id_fkey
ALTER TABLE activity_log DROP CONSTRAINT activity_log_organization_id_fkey;

-- undo: foreign key integration_sync_log_integration_id_fkey
ALTER TABLE integration_sync_log DROP CONSTRAINT integration_sync_log_integration_id_fkey;

-- undo: foreign key integration_sync_log_organization_id_fkey
ALTER TABLE integration_sync_log DROP CONSTRAINT integration_sync_log_organization_id_fkey;

-- undo: foreign key integration_organization_id_fkey
ALTER TABLE integration DROP CONSTRAINT integration_organization_id_fkey;

-- undo: foreign key menu_item_category_id_fkey
ALTER TABLE menu_item DROP CONSTRAINT menu_item_category_id_fkey;

-- undo: foreign key menu_item_organization_id_fkey
ALTER TABLE menu_item DROP CONSTRAINT menu_item_organization_id_fkey;

-- undo: foreign key menu_category_organization_id_fkey
ALTER TABLE menu_category DROP CONSTRAINT menu_category_organization_id_fkey;

-- undo: foreign key note_comment_user_id_fkey
ALTER TABLE note_comment DROP CONSTRAINT note_comment_user_id_fkey;

-- undo: foreign key note_comment_note_id_fkey
ALTER TABLE note_comment DROP CONSTRAINT note_comment_note_id_fkey;

-- undo: foreign key staff_note_created_by_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_created_by_id_fkey;

-- undo: foreign key staff_note_assigned_to_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_assigned_to_id_fkey;

-- undo: foreign key staff_note_guest_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_guest_id_fkey;

-- undo: foreign key staff_note_room_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_room_id_fkey;

-- undo: foreign key staff_note_organization_id_fkey
ALTER TABLE staff_note DROP CONSTRAINT staff_note_organization_id_fkey;

-- undo: foreign key ticket_comment_user_id_fkey
ALTER TABLE ticket_comment DROP CONSTRAINT ticket_comment_user_id_fkey;

-- undo: foreign key ticket_comment_ticket_id_fkey
ALTER TABLE ticket_comment DROP CONSTRAINT ticket_comment_ticket_id_fkey;

-- undo: foreign key ticket_created_by_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_created_by_id_fkey;

-- undo: foreign key ticket_assigned_to_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_assigned_to_id_fkey;

-- undo: foreign key ticket_room_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_room_id_fkey;

-- undo: foreign key ticket_guest_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_guest_id_fkey;

-- undo: foreign key ticket_conversation_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_conversation_id_fkey;

-- undo: foreign key ticket_organization_id_fkey
ALTER TABLE ticket DROP CONSTRAINT ticket_organization_id_fkey;

-- undo: foreign key message_sender_user_id_fkey
ALTER TABLE message DROP CONSTRAINT message_sender_user_id_fkey;

-- undo: foreign key message_conversation_id_fkey
ALTER TABLE message DROP CONSTRAINT message_conversation_id_fkey;

-- undo: foreign key conversation_assigned_staff_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_assigned_staff_id_fkey;

-- undo: foreign key conversation_user_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_user_id_fkey;

-- undo: foreign key conversation_guest_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_guest_id_fkey;

-- undo: foreign key conversation_organization_id_fkey
ALTER TABLE conversation DROP CONSTRAINT conversation_organization_id_fkey;

-- undo: foreign key spa_booking_service_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_service_id_fkey;

-- undo: foreign key spa_booking_user_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_user_id_fkey;

-- undo: foreign key spa_booking_guest_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_guest_id_fkey;

-- undo: foreign key spa_booking_organization_id_fkey
ALTER TABLE spa_booking DROP CONSTRAINT spa_booking_organization_id_fkey;

-- undo: foreign key laundry_order_user_id_fkey
ALTER TABLE laundry_order DROP CONSTRAINT laundry_order_user_id_fkey;

-- undo: foreign key laundry_order_guest_id_fkey
ALTER TABLE laundry_order DROP CONSTRAINT laundry_order_guest_id_fkey;

-- undo: foreign key laundry_order_organization_id_fkey
ALTER TABLE laundry_order DROP CONSTRAINT laundry_order_organization_id_fkey;

-- undo: foreign key room_service_order_user_id_fkey
ALTER TABLE room_service_order DROP CONSTRAINT room_service_order_user_id_fkey;

-- undo: foreign key room_service_order_guest_id_fkey
ALTER TABLE room_service_order DROP CONSTRAINT room_service_order_guest_id_fkey;

-- undo: foreign key room_service_order_organization_id_fkey
ALTER TABLE room_service_order DROP CONSTRAINT room_service_order_organization_id_fkey;

-- undo: foreign key restaurant_booking_user_id_fkey
ALTER TABLE restaurant_booking DROP CONSTRAINT restaurant_booking_user_id_fkey;

-- undo: foreign key restaurant_booking_guest_id_fkey
ALTER TABLE restaurant_booking DROP CONSTRAINT restaurant_booking_guest_id_fkey;

-- undo: foreign key restaurant_booking_organization_id_fkey
ALTER TABLE restaurant_booking DROP CONSTRAINT restaurant_booking_organization_id_fkey;

-- undo: foreign key room_organization_id_fkey
ALTER TABLE room DROP CONSTRAINT room_organization_id_fkey;

-- undo: foreign key guest_group_organization_id_fkey
ALTER TABLE guest_group DROP CONSTRAINT guest_group_organization_id_fkey;

-- undo: foreign key guest_room_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_room_id_fkey;

-- undo: foreign key guest_guest_group_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_guest_group_id_fkey;

-- undo: foreign key guest_user_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_user_id_fkey;

-- undo: foreign key guest_organization_id_fkey
ALTER TABLE guest DROP CONSTRAINT guest_organization_id_fkey;

-- undo: foreign key invitation_inviter_id_fkey
ALTER TABLE invitation DROP CONSTRAINT invitation_inviter_id_fkey;

-- undo: foreign key invitation_organization_id_fkey
ALTER TABLE invitation DROP CONSTRAINT invitation_organization_id_fkey;

-- undo: foreign key member_user_id_fkey
ALTER TABLE member DROP CONSTRAINT member_user_id_fkey;

-- undo: foreign key member_organization_id_fkey
ALTER TABLE member DROP CONSTRAINT member_organization_id_fkey;

-- undo: foreign key account_user_id_fkey
ALTER TABLE account DROP CONSTRAINT account_user_id_fkey;

-- undo: foreign key session_active_organization_id_fkey
ALTER TABLE session DROP CONSTRAINT session_active_organization_id_fkey;

-- undo: foreign key session_user_id_fkey
ALTER TABLE session DROP CONSTRAINT session_user_id_fkey;

-- undo: table hotel_event
DROP TABLE hotel_event;

-- undo: table interaction_log
DROP TABLE interaction_log;

-- undo: table activity_log
DROP TABLE activity_log;

-- undo: table integration_sync_log
DROP TABLE integration_sync_log;

-- undo: table integration
DROP TABLE integration;

-- undo: table menu_item
DROP TABLE menu_item;

-- undo: table menu_category
DROP TABLE menu_category;

-- undo: table note_comment
DROP TABLE note_comment;

-- undo: table staff_note
DROP TABLE staff_note;

-- undo: table ticket_comment
DROP TABLE ticket_comment;

-- undo: table ticket
DROP TABLE ticket;

-- undo: table message
DROP TABLE message;

-- undo: table conversation
DROP TABLE conversation;

-- undo: table spa_booking
DROP TABLE spa_booking;

-- undo: table laundry_order
DROP TABLE laundry_order;

-- undo: table room_service_order
DROP TABLE room_service_order;

-- undo: table restaurant_booking
DROP TABLE restaurant_booking;

-- undo: table room
DROP TABLE room;

-- undo: table guest_group
DROP TABLE guest_group;

-- undo: table guest
DROP TABLE guest;

-- undo: table invitation
DROP TABLE invitation;

-- undo: table member
DROP TABLE member;

-- undo: table organization
DROP TABLE organization;

-- undo: table verification
DROP TABLE verification;

-- undo: table account
DROP TABLE account;

-- undo: table session
DROP TABLE session;

-- undo: table user
DROP TABLE "user";

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
