-- Written by `hotelschema generate --name init`.
-- Creates 2 extensions, 23 enums, 27 tables, 27 Citus distributions, 2 functions, 21 triggers, 63 foreign keys, 64 indexes.
-- Its exact inverse is V0001__init.down.sql.
-- Do not edit a migration once it has been applied anywhere: write a new one.

-- extension pgcrypto
SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
SET LOCAL citus.enable_unsafe_triggers = on;
CREATE EXTENSION pgcrypto;

-- extension pg_trgm
CREATE EXTENSION pg_trgm;

-- enum member_role
CREATE TYPE member_role AS ENUM ('owner', 'admin', 'manager', 'staff', 'guest');

-- enum check_in_status
CREATE TYPE check_in_status AS ENUM ('pending', 'invited', 'completed', 'arrived', 'checked_out');

-- enum room_status
CREATE TYPE room_status AS ENUM ('available', 'occupied', 'cleaning', 'maintenance', 'reserved');

-- enum room_type
CREATE TYPE room_type AS ENUM ('single', 'double', 'twin', 'suite', 'deluxe', 'penthouse');

-- enum restaurant_booking_status
CREATE TYPE restaurant_booking_status AS ENUM ('requested', 'confirmed', 'seated', 'done', 'cancelled', 'no_show');

-- enum room_service_order_status
CREATE TYPE room_service_order_status AS ENUM ('pending', 'preparing', 'delivering', 'delivered', 'cancelled');

-- enum laundry_order_status
CREATE TYPE laundry_order_status AS ENUM ('pending', 'collected', 'washing', 'ready', 'delivered', 'cancelled');

-- enum spa_booking_status
CREATE TYPE spa_booking_status AS ENUM ('requested', 'confirmed', 'in_progress', 'done', 'cancelled');

-- enum payment_status
CREATE TYPE payment_status AS ENUM ('pending', 'authorized', 'captured', 'refunded', 'failed', 'cancelled');

-- enum conversation_audience
CREATE TYPE conversation_audience AS ENUM ('guest_ai', 'guest_staff', 'staff_internal');

-- enum message_role
CREATE TYPE message_role AS ENUM ('user', 'assistant', 'staff', 'system');

-- enum ticket_status
CREATE TYPE ticket_status AS ENUM ('open', 'in_progress', 'waiting', 'resolved', 'closed', 'cancelled');

-- enum ticket_priority
CREATE TYPE ticket_priority AS ENUM ('low', 'medium', 'high', 'urgent');

-- enum ticket_category
CREATE TYPE ticket_category AS ENUM ('complaint', 'special_request', 'maintenance', 'housekeeping', 'billing', 'concierge', 'other');

-- enum staff_note_status
CREATE TYPE staff_note_status AS ENUM ('pending', 'in_progress', 'done', 'cancelled');

-- enum service_type
CREATE TYPE service_type AS ENUM ('restaurant', 'spa', 'room_service', 'housekeeping', 'laundry', 'front_office', 'maintenance', 'meeting', 'other');

-- enum integration_provider
CREATE TYPE integration_provider AS ENUM ('mews', 'opera', 'cloudbeds', 'protel', 'apaleo', 'booking', 'expedia');

-- enum integration_sync_status
CREATE TYPE integration_sync_status AS ENUM ('idle', 'syncing', 'error');

-- enum reservation_state
CREATE TYPE reservation_state AS ENUM ('inquiry', 'confirmed', 'checked_in', 'checked_out', 'canceled');

-- enum booking_channel
CREATE TYPE booking_channel AS ENUM ('booking', 'expedia', 'airbnb', 'hrs', 'hotelbeds', 'agoda', 'direct', 'mews', 'other');

-- enum menu_category_type
CREATE TYPE menu_category_type AS ENUM ('breakfast', 'lunch', 'dinner', 'drinks', 'room_service', 'spa', 'laundry', 'restaurant');

-- enum activity_type
CREATE TYPE activity_type AS ENUM ('booking_created', 'booking_updated', 'booking_cancelled', 'chat_started', 'chat_resolved', 'payment_received', 'payment_refunded', 'guest_arrived', 'guest_checked_out', 'staff_login', 'staff_action');

-- enum hotel_event_type
CREATE TYPE hotel_event_type AS ENUM ('hotel_event', 'conference', 'wedding', 'meeting', 'private_event');

-- table account
CREATE TABLE account (
    id                       text NOT NULL,
    account_id               text NOT NULL,
    provider_id              text NOT NULL,
    user_id                  text NOT NULL,
    access_token             text,
    refresh_token            text,
    id_token                 text,
    access_token_expires_at  timestamptz,
    refresh_token_expires_at timestamptz,
    scope                    text,
    password                 text,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_pkey PRIMARY KEY (id)
);
COMMENT ON COLUMN account.account_id IS 'Id of the account at the provider';
COMMENT ON COLUMN account.password IS 'Hash; set for email and password accounts only';
COMMENT ON COLUMN account.updated_at IS 'Set by the database on every update';

-- table activity_log
CREATE TABLE activity_log (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    activity_type   activity_type NOT NULL,
    user_id         text,
    guest_id        uuid,
    entity_type     text,
    entity_id       text,
    description     text,
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activity_log_pkey PRIMARY KEY (organization_id, id)
);

-- table conversation
CREATE TABLE conversation (
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL,
    audience          conversation_audience NOT NULL,
    guest_id          uuid,
    user_id           text,
    assigned_staff_id text,
    title             text,
    summary           text,
    priority          ticket_priority,
    is_resolved       boolean NOT NULL DEFAULT false,
    resolved_at       timestamptz,
    metadata          jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    CONSTRAINT conversation_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN conversation.assigned_staff_id IS 'Staff member a guest_staff conversation was escalated to';
COMMENT ON COLUMN conversation.title IS 'AI-generated';
COMMENT ON COLUMN conversation.summary IS 'AI-generated; shown in the cardex';
COMMENT ON COLUMN conversation.metadata IS 'service_type, tags, cumulated AI cost';
COMMENT ON COLUMN conversation.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN conversation.deleted_at IS 'Soft delete; NULL while the row is live';

-- table guest
CREATE TABLE guest (
    id                      uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id         uuid NOT NULL,
    user_id                 text,
    guest_group_id          uuid,
    room_id                 uuid,
    first_name              text NOT NULL,
    last_name               text NOT NULL,
    email                   text,
    phone                   text,
    is_vip                  boolean NOT NULL DEFAULT false,
    check_in_status         check_in_status NOT NULL DEFAULT 'pending',
    check_in_invited_at     timestamptz,
    check_in_completed_at   timestamptz,
    check_in_arrived_at     timestamptz,
    check_out_at            timestamptz,
    check_in_date           date,
    check_out_date          date,
    external_guest_id       text,
    external_reservation_id text,
    external_source         text,
    external_channel        booking_channel,
    reservation_state       reservation_state,
    notes                   text,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    deleted_at              timestamptz,
    CONSTRAINT guest_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT guest_organization_id_email_uq UNIQUE (organization_id, email)
);
COMMENT ON COLUMN guest.user_id IS 'Linked when the guest signs up';
COMMENT ON COLUMN guest.external_guest_id IS 'Guest id in the PMS';
COMMENT ON COLUMN guest.external_reservation_id IS 'Reservation id in the PMS';
COMMENT ON COLUMN guest.external_source IS 'PMS the ids come from: mews, opera...';
COMMENT ON COLUMN guest.reservation_state IS 'Reservation state in the PMS';
COMMENT ON COLUMN guest.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN guest.deleted_at IS 'Soft delete; NULL while the row is live';

-- table guest_group
CREATE TABLE guest_group (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    name            text NOT NULL,
    contact_person  text,
    contact_email   text,
    contact_phone   text,
    size            integer,
    notes           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT guest_group_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT guest_group_size_check CHECK (((size IS NULL) OR (size > 0)))
);
COMMENT ON COLUMN guest_group.updated_at IS 'Set by the database on every update';

-- table hotel_event
CREATE TABLE hotel_event (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    title           text NOT NULL,
    event_type      hotel_event_type NOT NULL,
    description     text,
    start_date      timestamptz NOT NULL,
    end_date        timestamptz NOT NULL,
    capacity        integer,
    location        text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hotel_event_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT hotel_event_dates_check CHECK ((end_date >= start_date))
);
COMMENT ON COLUMN hotel_event.location IS 'e.g. Salon Versailles';
COMMENT ON COLUMN hotel_event.updated_at IS 'Set by the database on every update';

-- table integration
CREATE TABLE integration (
    id                   uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id      uuid NOT NULL,
    provider             integration_provider NOT NULL,
    name                 text NOT NULL,
    credentials          jsonb NOT NULL DEFAULT '{}'::jsonb,
    platform_url         text,
    external_property_id text,
    config               jsonb NOT NULL DEFAULT '{}'::jsonb,
    is_active            boolean NOT NULL DEFAULT true,
    last_sync_at         timestamptz,
    sync_status          integration_sync_status NOT NULL DEFAULT 'idle',
    sync_error           text,
    webhook_secret       text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integration_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT integration_organization_id_provider_uq UNIQUE (organization_id, provider)
);
COMMENT ON COLUMN integration.name IS 'e.g. Mews - Oceania Paris';
COMMENT ON COLUMN integration.credentials IS 'Encrypted by the application (AES-256) before insert';
COMMENT ON COLUMN integration.external_property_id IS 'enterpriseId at Mews';
COMMENT ON COLUMN integration.webhook_secret IS 'HMAC secret for incoming webhooks';
COMMENT ON COLUMN integration.updated_at IS 'Set by the database on every update';

-- table integration_sync_log
CREATE TABLE integration_sync_log (
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id    uuid NOT NULL,
    integration_id     uuid NOT NULL,
    provider           text NOT NULL,
    event_type         text NOT NULL,
    external_entity_id text,
    bell_entity_type   text,
    bell_entity_id     text,
    action             text NOT NULL,
    error_message      text,
    metadata           jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integration_sync_log_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN integration_sync_log.event_type IS 'full_sync, webhook or manual';
COMMENT ON COLUMN integration_sync_log.bell_entity_type IS 'guest, room or reservation';
COMMENT ON COLUMN integration_sync_log.action IS 'created, updated, skipped or error';

-- table interaction_log
CREATE TABLE interaction_log (
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL,
    interaction_type  text NOT NULL,
    user_id           text,
    conversation_id   uuid,
    duration_seconds  integer,
    revenue_generated numeric(10,2),
    was_successful    boolean,
    metadata          jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT interaction_log_pkey PRIMARY KEY (organization_id, id)
);

-- table invitation
CREATE TABLE invitation (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    email           text NOT NULL,
    role            member_role NOT NULL,
    inviter_id      text NOT NULL,
    token           text NOT NULL,
    expires_at      timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'pending',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invitation_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT invitation_organization_id_token_uq UNIQUE (organization_id, token),
    CONSTRAINT invitation_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'accepted'::text, 'rejected'::text, 'canceled'::text])))
);

-- table laundry_order
CREATE TABLE laundry_order (
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL,
    guest_id          uuid,
    user_id           text,
    payment_intent_id text,
    payment_status    payment_status NOT NULL DEFAULT 'pending',
    total_amount      numeric(10,2),
    currency          text NOT NULL DEFAULT 'EUR',
    status            laundry_order_status NOT NULL DEFAULT 'pending',
    items             jsonb NOT NULL DEFAULT '[]'::jsonb,
    special_request   text,
    collected_at      timestamptz,
    washing_at        timestamptz,
    ready_at          timestamptz,
    delivered_at      timestamptz,
    cancelled_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    CONSTRAINT laundry_order_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN laundry_order.guest_id IS 'NULL when booked by a user directly';
COMMENT ON COLUMN laundry_order.items IS '[{ type, quantity, unit_price, notes? }]';
COMMENT ON COLUMN laundry_order.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN laundry_order.deleted_at IS 'Soft delete; NULL while the row is live';

-- table member
CREATE TABLE member (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    user_id         text NOT NULL,
    role            member_role NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT member_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT member_organization_id_user_id_uq UNIQUE (organization_id, user_id)
);
COMMENT ON COLUMN member.updated_at IS 'Set by the database on every update';

-- table menu_category
CREATE TABLE menu_category (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    category_type   menu_category_type NOT NULL,
    name            text NOT NULL,
    description     text,
    display_order   integer NOT NULL DEFAULT 0,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT menu_category_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN menu_category.updated_at IS 'Set by the database on every update';

-- table menu_item
CREATE TABLE menu_item (
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL,
    category_id      uuid NOT NULL,
    name             text NOT NULL,
    description      text,
    price            numeric(10,2) NOT NULL,
    currency         text NOT NULL DEFAULT 'EUR',
    image_url        text,
    duration_minutes integer,
    option_groups    jsonb NOT NULL DEFAULT '[]'::jsonb,
    allergens        jsonb NOT NULL DEFAULT '[]'::jsonb,
    is_featured      boolean NOT NULL DEFAULT false,
    is_active        boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT menu_item_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT menu_item_price_check CHECK ((price >= (0)::numeric))
);
COMMENT ON COLUMN menu_item.duration_minutes IS 'Spa services only';
COMMENT ON COLUMN menu_item.option_groups IS '[{ name, options: [{ name, price_delta }] }]';
COMMENT ON COLUMN menu_item.allergens IS 'list of strings';
COMMENT ON COLUMN menu_item.updated_at IS 'Set by the database on every update';

-- table message
CREATE TABLE message (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL,
    role            message_role NOT NULL,
    sender_user_id  text,
    content         text NOT NULL,
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    sent_at         timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz,
    organization_id uuid NOT NULL,
    CONSTRAINT message_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN message.sender_user_id IS 'Staff member or signed-in guest who sent it';
COMMENT ON COLUMN message.metadata IS 'tool_calls, ai_cost, attachments';

-- table note_comment
CREATE TABLE note_comment (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    note_id         uuid NOT NULL,
    user_id         text NOT NULL,
    action          text NOT NULL,
    previous_value  text,
    new_value       text,
    content         text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    organization_id uuid NOT NULL,
    CONSTRAINT note_comment_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN note_comment.action IS 'status_changed, assigned, commented';

-- table organization
CREATE TABLE organization (
    id         uuid NOT NULL DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    slug       text NOT NULL,
    logo_url   text,
    metadata   jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_pkey PRIMARY KEY (id),
    CONSTRAINT organization_slug_uq UNIQUE (slug)
);
COMMENT ON TABLE organization IS 'The tenant root; every tenant table has an organization_id that references it';
COMMENT ON COLUMN organization.metadata IS 'address, timezone, currency, locale, features';
COMMENT ON COLUMN organization.updated_at IS 'Set by the database on every update';

-- table restaurant_booking
CREATE TABLE restaurant_booking (
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL,
    guest_id          uuid,
    user_id           text,
    payment_intent_id text,
    payment_status    payment_status NOT NULL DEFAULT 'pending',
    total_amount      numeric(10,2),
    currency          text NOT NULL DEFAULT 'EUR',
    status            restaurant_booking_status NOT NULL DEFAULT 'requested',
    people_count      integer NOT NULL,
    date              date NOT NULL,
    "time"            time NOT NULL,
    special_request   text,
    confirmed_at      timestamptz,
    seated_at         timestamptz,
    done_at           timestamptz,
    cancelled_at      timestamptz,
    no_show_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    CONSTRAINT restaurant_booking_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT restaurant_booking_people_count_check CHECK ((people_count > 0))
);
COMMENT ON COLUMN restaurant_booking.guest_id IS 'NULL when booked by a user directly';
COMMENT ON COLUMN restaurant_booking.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN restaurant_booking.deleted_at IS 'Soft delete; NULL while the row is live';

-- table room
CREATE TABLE room (
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL,
    room_number      text NOT NULL,
    floor            integer,
    room_type        room_type NOT NULL DEFAULT 'double',
    status           room_status NOT NULL DEFAULT 'available',
    price_per_night  numeric(10,2),
    amenities        jsonb NOT NULL DEFAULT '{}'::jsonb,
    capacity         integer NOT NULL DEFAULT 2,
    external_room_id text,
    external_source  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT room_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT room_organization_id_room_number_uq UNIQUE (organization_id, room_number),
    CONSTRAINT room_capacity_check CHECK ((capacity > 0))
);
COMMENT ON TABLE room IS 'One row per physical room';
COMMENT ON COLUMN room.amenities IS 'wifi, view, jacuzzi, balcony...';
COMMENT ON COLUMN room.external_room_id IS 'Room id in the PMS';
COMMENT ON COLUMN room.updated_at IS 'Set by the database on every update';

-- table room_service_order
CREATE TABLE room_service_order (
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL,
    guest_id          uuid,
    user_id           text,
    payment_intent_id text,
    payment_status    payment_status NOT NULL DEFAULT 'pending',
    total_amount      numeric(10,2),
    currency          text NOT NULL DEFAULT 'EUR',
    status            room_service_order_status NOT NULL DEFAULT 'pending',
    items             jsonb NOT NULL DEFAULT '[]'::jsonb,
    delivery_fee      numeric(10,2),
    delivery_address  jsonb,
    preparing_at      timestamptz,
    delivering_at     timestamptz,
    delivered_at      timestamptz,
    cancelled_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    CONSTRAINT room_service_order_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN room_service_order.guest_id IS 'NULL when booked by a user directly';
COMMENT ON COLUMN room_service_order.items IS '[{ menu_item_id, name, quantity, unit_price, options? }]';
COMMENT ON COLUMN room_service_order.delivery_address IS '{ room, floor, building, instructions? }';
COMMENT ON COLUMN room_service_order.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN room_service_order.deleted_at IS 'Soft delete; NULL while the row is live';

-- table session
CREATE TABLE session (
    id                     text NOT NULL,
    expires_at             timestamptz NOT NULL,
    token                  text NOT NULL,
    ip_address             text,
    user_agent             text,
    user_id                text NOT NULL,
    active_organization_id uuid,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_pkey PRIMARY KEY (id),
    CONSTRAINT session_token_uq UNIQUE (token)
);
COMMENT ON COLUMN session.token IS 'Value of the better-auth.session_token cookie';
COMMENT ON COLUMN session.updated_at IS 'Set by the database on every update';

-- table spa_booking
CREATE TABLE spa_booking (
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL,
    guest_id          uuid,
    user_id           text,
    payment_intent_id text,
    payment_status    payment_status NOT NULL DEFAULT 'pending',
    total_amount      numeric(10,2),
    currency          text NOT NULL DEFAULT 'EUR',
    status            spa_booking_status NOT NULL DEFAULT 'requested',
    service_id        uuid NOT NULL,
    duration_minutes  integer NOT NULL,
    date              date NOT NULL,
    "time"            time NOT NULL,
    therapist_id      text,
    confirmed_at      timestamptz,
    in_progress_at    timestamptz,
    done_at           timestamptz,
    cancelled_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    CONSTRAINT spa_booking_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT spa_booking_duration_minutes_check CHECK ((duration_minutes > 0))
);
COMMENT ON COLUMN spa_booking.guest_id IS 'NULL when booked by a user directly';
COMMENT ON COLUMN spa_booking.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN spa_booking.deleted_at IS 'Soft delete; NULL while the row is live';

-- table staff_note
CREATE TABLE staff_note (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    title           text NOT NULL,
    content         text,
    service_type    service_type,
    priority        ticket_priority NOT NULL DEFAULT 'medium',
    status          staff_note_status NOT NULL DEFAULT 'pending',
    due_date        timestamptz,
    room_id         uuid,
    guest_id        uuid,
    assigned_to_id  text,
    created_by_id   text NOT NULL,
    completed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    CONSTRAINT staff_note_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN staff_note.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN staff_note.deleted_at IS 'Soft delete; NULL while the row is live';

-- table ticket
CREATE TABLE ticket (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    ticket_number   text NOT NULL,
    conversation_id uuid,
    guest_id        uuid,
    room_id         uuid,
    category        ticket_category NOT NULL,
    priority        ticket_priority NOT NULL DEFAULT 'medium',
    status          ticket_status NOT NULL DEFAULT 'open',
    title           text NOT NULL,
    description     text,
    assigned_to_id  text,
    created_by_id   text NOT NULL,
    resolved_at     timestamptz,
    closed_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    CONSTRAINT ticket_pkey PRIMARY KEY (organization_id, id),
    CONSTRAINT ticket_organization_id_ticket_number_uq UNIQUE (organization_id, ticket_number)
);
COMMENT ON COLUMN ticket.ticket_number IS 'TKT-00042; numbered per organization by a trigger';
COMMENT ON COLUMN ticket.conversation_id IS 'Escalated chat';
COMMENT ON COLUMN ticket.updated_at IS 'Set by the database on every update';
COMMENT ON COLUMN ticket.deleted_at IS 'Soft delete; NULL while the row is live';

-- table ticket_comment
CREATE TABLE ticket_comment (
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    ticket_id       uuid NOT NULL,
    user_id         text NOT NULL,
    content         text NOT NULL,
    is_internal     boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    organization_id uuid NOT NULL,
    CONSTRAINT ticket_comment_pkey PRIMARY KEY (organization_id, id)
);
COMMENT ON COLUMN ticket_comment.is_internal IS 'Visible to staff only';

-- table user
CREATE TABLE "user" (
    id             text NOT NULL,
    name           text NOT NULL,
    email          text NOT NULL,
    email_verified boolean NOT NULL DEFAULT false,
    image          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_pkey PRIMARY KEY (id),
    CONSTRAINT user_email_uq UNIQUE (email)
);
COMMENT ON TABLE "user" IS 'Better Auth user; ids are generated by Better Auth';
COMMENT ON COLUMN "user".email IS 'Unique across all organizations';
COMMENT ON COLUMN "user".updated_at IS 'Set by the database on every update';

-- table verification
CREATE TABLE verification (
    id         text NOT NULL,
    identifier text NOT NULL,
    value      text NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT verification_pkey PRIMARY KEY (id)
);
COMMENT ON COLUMN verification.updated_at IS 'Set by the database on every update';

-- table account: a reference table
SELECT create_reference_table('account');

-- table organization: a reference table
SELECT create_reference_table('organization');

-- table session: a reference table
SELECT create_reference_table('session');

-- table user: a reference table
SELECT create_reference_table('"user"');

-- table verification: a reference table
SELECT create_reference_table('verification');

-- table activity_log: distributed by organization_id
SELECT create_distributed_table('activity_log', 'organization_id');

-- table conversation: distributed by organization_id
SELECT create_distributed_table('conversation', 'organization_id');

-- table guest: distributed by organization_id
SELECT create_distributed_table('guest', 'organization_id');

-- table guest_group: distributed by organization_id
SELECT create_distributed_table('guest_group', 'organization_id');

-- table hotel_event: distributed by organization_id
SELECT create_distributed_table('hotel_event', 'organization_id');

-- table integration: distributed by organization_id
SELECT create_distributed_table('integration', 'organization_id');

-- table integration_sync_log: distributed by organization_id
SELECT create_distributed_table('integration_sync_log', 'organization_id');

-- table interaction_log: distributed by organization_id
SELECT create_distributed_table('interaction_log', 'organization_id');

-- table invitation: distributed by organization_id
SELECT create_distributed_table('invitation', 'organization_id');

-- table laundry_order: distributed by organization_id
SELECT create_distributed_table('laundry_order', 'organization_id');

-- table member: distributed by organization_id
SELECT create_distributed_table('member', 'organization_id');

-- table menu_category: distributed by organization_id
SELECT create_distributed_table('menu_category', 'organization_id');

-- table menu_item: distributed by organization_id
SELECT create_distributed_table('menu_item', 'organization_id');

-- table message: distributed by organization_id
SELECT create_distributed_table('message', 'organization_id');

-- table note_comment: distributed by organization_id
SELECT create_distributed_table('note_comment', 'organization_id');

-- table restaurant_booking: distributed by organization_id
SELECT create_distributed_table('restaurant_booking', 'organization_id');

-- table room: distributed by organization_id
SELECT create_distributed_table('room', 'organization_id');

-- table room_service_order: distributed by organization_id
SELECT create_distributed_table('room_service_order', 'organization_id');

-- table spa_booking: distributed by organization_id
SELECT create_distributed_table('spa_booking', 'organization_id');

-- table staff_note: distributed by organization_id
SELECT create_distributed_table('staff_note', 'organization_id');

-- table ticket: distributed by organization_id
SELECT create_distributed_table('ticket', 'organization_id');

-- table ticket_comment: distributed by organization_id
SELECT create_distributed_table('ticket_comment', 'organization_id');

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

-- trigger account_touch_updated_at on account
CREATE TRIGGER account_touch_updated_at BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger conversation_touch_updated_at on conversation
CREATE TRIGGER conversation_touch_updated_at BEFORE UPDATE ON conversation FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger guest_touch_updated_at on guest
CREATE TRIGGER guest_touch_updated_at BEFORE UPDATE ON guest FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger guest_group_touch_updated_at on guest_group
CREATE TRIGGER guest_group_touch_updated_at BEFORE UPDATE ON guest_group FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger hotel_event_touch_updated_at on hotel_event
CREATE TRIGGER hotel_event_touch_updated_at BEFORE UPDATE ON hotel_event FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger integration_touch_updated_at on integration
CREATE TRIGGER integration_touch_updated_at BEFORE UPDATE ON integration FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger laundry_order_touch_updated_at on laundry_order
CREATE TRIGGER laundry_order_touch_updated_at BEFORE UPDATE ON laundry_order FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger member_touch_updated_at on member
CREATE TRIGGER member_touch_updated_at BEFORE UPDATE ON member FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger menu_category_touch_updated_at on menu_category
CREATE TRIGGER menu_category_touch_updated_at BEFORE UPDATE ON menu_category FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger menu_item_touch_updated_at on menu_item
CREATE TRIGGER menu_item_touch_updated_at BEFORE UPDATE ON menu_item FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger organization_touch_updated_at on organization
CREATE TRIGGER organization_touch_updated_at BEFORE UPDATE ON organization FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger restaurant_booking_touch_updated_at on restaurant_booking
CREATE TRIGGER restaurant_booking_touch_updated_at BEFORE UPDATE ON restaurant_booking FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger room_touch_updated_at on room
CREATE TRIGGER room_touch_updated_at BEFORE UPDATE ON room FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger room_service_order_touch_updated_at on room_service_order
CREATE TRIGGER room_service_order_touch_updated_at BEFORE UPDATE ON room_service_order FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger session_touch_updated_at on session
CREATE TRIGGER session_touch_updated_at BEFORE UPDATE ON session FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger spa_booking_touch_updated_at on spa_booking
CREATE TRIGGER spa_booking_touch_updated_at BEFORE UPDATE ON spa_booking FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger staff_note_touch_updated_at on staff_note
CREATE TRIGGER staff_note_touch_updated_at BEFORE UPDATE ON staff_note FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger ticket_assign_number on ticket
CREATE TRIGGER ticket_assign_number BEFORE INSERT ON ticket FOR EACH ROW WHEN (new.ticket_number IS NULL) EXECUTE FUNCTION assign_ticket_number('TKT');

-- trigger ticket_touch_updated_at on ticket
CREATE TRIGGER ticket_touch_updated_at BEFORE UPDATE ON ticket FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger user_touch_updated_at on user
CREATE TRIGGER user_touch_updated_at BEFORE UPDATE ON "user" FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- trigger verification_touch_updated_at on verification
CREATE TRIGGER verification_touch_updated_at BEFORE UPDATE ON verification FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- foreign key account_user_id_fkey
ALTER TABLE account ADD CONSTRAINT account_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE;

-- foreign key activity_log_organization_id_fkey
ALTER TABLE activity_log ADD CONSTRAINT activity_log_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key activity_log_user_id_fkey
ALTER TABLE activity_log ADD CONSTRAINT activity_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key activity_log_organization_id_guest_id_fkey
ALTER TABLE activity_log ADD CONSTRAINT activity_log_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key conversation_organization_id_fkey
ALTER TABLE conversation ADD CONSTRAINT conversation_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key conversation_user_id_fkey
ALTER TABLE conversation ADD CONSTRAINT conversation_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key conversation_assigned_staff_id_fkey
ALTER TABLE conversation ADD CONSTRAINT conversation_assigned_staff_id_fkey FOREIGN KEY (assigned_staff_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key conversation_organization_id_guest_id_fkey
ALTER TABLE conversation ADD CONSTRAINT conversation_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key guest_organization_id_fkey
ALTER TABLE guest ADD CONSTRAINT guest_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key guest_user_id_fkey
ALTER TABLE guest ADD CONSTRAINT guest_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key guest_organization_id_guest_group_id_fkey
ALTER TABLE guest ADD CONSTRAINT guest_organization_id_guest_group_id_fkey FOREIGN KEY (organization_id, guest_group_id) REFERENCES guest_group (organization_id, id) ON DELETE RESTRICT;

-- foreign key guest_organization_id_room_id_fkey
ALTER TABLE guest ADD CONSTRAINT guest_organization_id_room_id_fkey FOREIGN KEY (organization_id, room_id) REFERENCES room (organization_id, id) ON DELETE RESTRICT;

-- foreign key guest_group_organization_id_fkey
ALTER TABLE guest_group ADD CONSTRAINT guest_group_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key hotel_event_organization_id_fkey
ALTER TABLE hotel_event ADD CONSTRAINT hotel_event_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key integration_organization_id_fkey
ALTER TABLE integration ADD CONSTRAINT integration_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key integration_sync_log_organization_id_fkey
ALTER TABLE integration_sync_log ADD CONSTRAINT integration_sync_log_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key integration_sync_log_organization_id_integration_id_fkey
ALTER TABLE integration_sync_log ADD CONSTRAINT integration_sync_log_organization_id_integration_id_fkey FOREIGN KEY (organization_id, integration_id) REFERENCES integration (organization_id, id) ON DELETE CASCADE;

-- foreign key interaction_log_organization_id_fkey
ALTER TABLE interaction_log ADD CONSTRAINT interaction_log_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key interaction_log_user_id_fkey
ALTER TABLE interaction_log ADD CONSTRAINT interaction_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key interaction_log_organization_id_conversation_id_fkey
ALTER TABLE interaction_log ADD CONSTRAINT interaction_log_organization_id_conversation_id_fkey FOREIGN KEY (organization_id, conversation_id) REFERENCES conversation (organization_id, id) ON DELETE RESTRICT;

-- foreign key invitation_organization_id_fkey
ALTER TABLE invitation ADD CONSTRAINT invitation_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key invitation_inviter_id_fkey
ALTER TABLE invitation ADD CONSTRAINT invitation_inviter_id_fkey FOREIGN KEY (inviter_id) REFERENCES "user" (id) ON DELETE CASCADE;

-- foreign key laundry_order_organization_id_fkey
ALTER TABLE laundry_order ADD CONSTRAINT laundry_order_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key laundry_order_user_id_fkey
ALTER TABLE laundry_order ADD CONSTRAINT laundry_order_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key laundry_order_organization_id_guest_id_fkey
ALTER TABLE laundry_order ADD CONSTRAINT laundry_order_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key member_organization_id_fkey
ALTER TABLE member ADD CONSTRAINT member_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key member_user_id_fkey
ALTER TABLE member ADD CONSTRAINT member_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE;

-- foreign key menu_category_organization_id_fkey
ALTER TABLE menu_category ADD CONSTRAINT menu_category_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key menu_item_organization_id_fkey
ALTER TABLE menu_item ADD CONSTRAINT menu_item_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key menu_item_organization_id_category_id_fkey
ALTER TABLE menu_item ADD CONSTRAINT menu_item_organization_id_category_id_fkey FOREIGN KEY (organization_id, category_id) REFERENCES menu_category (organization_id, id) ON DELETE CASCADE;

-- foreign key message_sender_user_id_fkey
ALTER TABLE message ADD CONSTRAINT message_sender_user_id_fkey FOREIGN KEY (sender_user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key message_organization_id_fkey
ALTER TABLE message ADD CONSTRAINT message_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key message_organization_id_conversation_id_fkey
ALTER TABLE message ADD CONSTRAINT message_organization_id_conversation_id_fkey FOREIGN KEY (organization_id, conversation_id) REFERENCES conversation (organization_id, id) ON DELETE CASCADE;

-- foreign key note_comment_user_id_fkey
ALTER TABLE note_comment ADD CONSTRAINT note_comment_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE RESTRICT;

-- foreign key note_comment_organization_id_fkey
ALTER TABLE note_comment ADD CONSTRAINT note_comment_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key note_comment_organization_id_note_id_fkey
ALTER TABLE note_comment ADD CONSTRAINT note_comment_organization_id_note_id_fkey FOREIGN KEY (organization_id, note_id) REFERENCES staff_note (organization_id, id) ON DELETE CASCADE;

-- foreign key restaurant_booking_organization_id_fkey
ALTER TABLE restaurant_booking ADD CONSTRAINT restaurant_booking_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key restaurant_booking_user_id_fkey
ALTER TABLE restaurant_booking ADD CONSTRAINT restaurant_booking_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key restaurant_booking_organization_id_guest_id_fkey
ALTER TABLE restaurant_booking ADD CONSTRAINT restaurant_booking_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key room_organization_id_fkey
ALTER TABLE room ADD CONSTRAINT room_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key room_service_order_organization_id_fkey
ALTER TABLE room_service_order ADD CONSTRAINT room_service_order_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key room_service_order_user_id_fkey
ALTER TABLE room_service_order ADD CONSTRAINT room_service_order_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key room_service_order_organization_id_guest_id_fkey
ALTER TABLE room_service_order ADD CONSTRAINT room_service_order_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key session_user_id_fkey
ALTER TABLE session ADD CONSTRAINT session_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE;

-- foreign key session_active_organization_id_fkey
ALTER TABLE session ADD CONSTRAINT session_active_organization_id_fkey FOREIGN KEY (active_organization_id) REFERENCES organization (id) ON DELETE SET NULL;

-- foreign key spa_booking_organization_id_fkey
ALTER TABLE spa_booking ADD CONSTRAINT spa_booking_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key spa_booking_user_id_fkey
ALTER TABLE spa_booking ADD CONSTRAINT spa_booking_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key spa_booking_organization_id_guest_id_fkey
ALTER TABLE spa_booking ADD CONSTRAINT spa_booking_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key spa_booking_organization_id_service_id_fkey
ALTER TABLE spa_booking ADD CONSTRAINT spa_booking_organization_id_service_id_fkey FOREIGN KEY (organization_id, service_id) REFERENCES menu_item (organization_id, id) ON DELETE RESTRICT;

-- foreign key staff_note_organization_id_fkey
ALTER TABLE staff_note ADD CONSTRAINT staff_note_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key staff_note_assigned_to_id_fkey
ALTER TABLE staff_note ADD CONSTRAINT staff_note_assigned_to_id_fkey FOREIGN KEY (assigned_to_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key staff_note_created_by_id_fkey
ALTER TABLE staff_note ADD CONSTRAINT staff_note_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES "user" (id) ON DELETE RESTRICT;

-- foreign key staff_note_organization_id_guest_id_fkey
ALTER TABLE staff_note ADD CONSTRAINT staff_note_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key staff_note_organization_id_room_id_fkey
ALTER TABLE staff_note ADD CONSTRAINT staff_note_organization_id_room_id_fkey FOREIGN KEY (organization_id, room_id) REFERENCES room (organization_id, id) ON DELETE RESTRICT;

-- foreign key ticket_organization_id_fkey
ALTER TABLE ticket ADD CONSTRAINT ticket_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key ticket_assigned_to_id_fkey
ALTER TABLE ticket ADD CONSTRAINT ticket_assigned_to_id_fkey FOREIGN KEY (assigned_to_id) REFERENCES "user" (id) ON DELETE SET NULL;

-- foreign key ticket_created_by_id_fkey
ALTER TABLE ticket ADD CONSTRAINT ticket_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES "user" (id) ON DELETE RESTRICT;

-- foreign key ticket_organization_id_conversation_id_fkey
ALTER TABLE ticket ADD CONSTRAINT ticket_organization_id_conversation_id_fkey FOREIGN KEY (organization_id, conversation_id) REFERENCES conversation (organization_id, id) ON DELETE RESTRICT;

-- foreign key ticket_organization_id_guest_id_fkey
ALTER TABLE ticket ADD CONSTRAINT ticket_organization_id_guest_id_fkey FOREIGN KEY (organization_id, guest_id) REFERENCES guest (organization_id, id) ON DELETE RESTRICT;

-- foreign key ticket_organization_id_room_id_fkey
ALTER TABLE ticket ADD CONSTRAINT ticket_organization_id_room_id_fkey FOREIGN KEY (organization_id, room_id) REFERENCES room (organization_id, id) ON DELETE RESTRICT;

-- foreign key ticket_comment_user_id_fkey
ALTER TABLE ticket_comment ADD CONSTRAINT ticket_comment_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE RESTRICT;

-- foreign key ticket_comment_organization_id_fkey
ALTER TABLE ticket_comment ADD CONSTRAINT ticket_comment_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id) ON DELETE CASCADE;

-- foreign key ticket_comment_organization_id_ticket_id_fkey
ALTER TABLE ticket_comment ADD CONSTRAINT ticket_comment_organization_id_ticket_id_fkey FOREIGN KEY (organization_id, ticket_id) REFERENCES ticket (organization_id, id) ON DELETE CASCADE;

-- index account_user_id_idx
CREATE INDEX account_user_id_idx ON account (user_id);

-- index activity_log_user_id_idx
CREATE INDEX activity_log_user_id_idx ON activity_log (user_id);

-- index activity_log_organization_id_activity_type_idx
CREATE INDEX activity_log_organization_id_activity_type_idx ON activity_log (organization_id, activity_type);

-- index activity_log_occurred_at_idx
CREATE INDEX activity_log_occurred_at_idx ON activity_log USING brin (occurred_at);

-- index activity_log_organization_id_guest_id_idx
CREATE INDEX activity_log_organization_id_guest_id_idx ON activity_log (organization_id, guest_id);

-- index conversation_user_id_idx
CREATE INDEX conversation_user_id_idx ON conversation (user_id);

-- index conversation_assigned_staff_id_idx
CREATE INDEX conversation_assigned_staff_id_idx ON conversation (assigned_staff_id);

-- index conversation_organization_id_is_resolved_updated_at_idx
CREATE INDEX conversation_organization_id_is_resolved_updated_at_idx ON conversation (organization_id, is_resolved, updated_at DESC);

-- index conversation_organization_id_guest_id_idx
CREATE INDEX conversation_organization_id_guest_id_idx ON conversation (organization_id, guest_id);

-- unique index guest_organization_id_external_guest_id_external_source_uq
CREATE UNIQUE INDEX guest_organization_id_external_guest_id_external_source_uq ON guest (organization_id, external_guest_id, external_source) WHERE (external_guest_id IS NOT NULL);

-- index guest_organization_id_check_in_status_idx
CREATE INDEX guest_organization_id_check_in_status_idx ON guest (organization_id, check_in_status);

-- index guest_organization_id_external_reservation_id_idx
CREATE INDEX guest_organization_id_external_reservation_id_idx ON guest (organization_id, external_reservation_id);

-- index guest_user_id_idx
CREATE INDEX guest_user_id_idx ON guest (user_id);

-- index guest_organization_id_guest_group_id_idx
CREATE INDEX guest_organization_id_guest_group_id_idx ON guest (organization_id, guest_group_id);

-- index guest_organization_id_room_id_idx
CREATE INDEX guest_organization_id_room_id_idx ON guest (organization_id, room_id);

-- index guest_group_organization_id_idx
CREATE INDEX guest_group_organization_id_idx ON guest_group (organization_id);

-- index hotel_event_organization_id_start_date_idx
CREATE INDEX hotel_event_organization_id_start_date_idx ON hotel_event (organization_id, start_date);

-- index integration_sync_log_organization_id_created_at_idx
CREATE INDEX integration_sync_log_organization_id_created_at_idx ON integration_sync_log (organization_id, created_at DESC);

-- index integration_sync_log_organization_id_integration_id_idx
CREATE INDEX integration_sync_log_organization_id_integration_id_idx ON integration_sync_log (organization_id, integration_id);

-- index interaction_log_user_id_idx
CREATE INDEX interaction_log_user_id_idx ON interaction_log (user_id);

-- index interaction_log_organization_id_occurred_at_idx
CREATE INDEX interaction_log_organization_id_occurred_at_idx ON interaction_log (organization_id, occurred_at);

-- index interaction_log_organization_id_conversation_id_idx
CREATE INDEX interaction_log_organization_id_conversation_id_idx ON interaction_log (organization_id, conversation_id);

-- index invitation_inviter_id_idx
CREATE INDEX invitation_inviter_id_idx ON invitation (inviter_id);

-- index invitation_organization_id_email_idx
CREATE INDEX invitation_organization_id_email_idx ON invitation (organization_id, email);

-- index laundry_order_user_id_idx
CREATE INDEX laundry_order_user_id_idx ON laundry_order (user_id);

-- index laundry_order_organization_id_status_idx
CREATE INDEX laundry_order_organization_id_status_idx ON laundry_order (organization_id, status);

-- index laundry_order_organization_id_guest_id_idx
CREATE INDEX laundry_order_organization_id_guest_id_idx ON laundry_order (organization_id, guest_id);

-- index member_user_id_idx
CREATE INDEX member_user_id_idx ON member (user_id);

-- index menu_category_organization_id_category_type_idx
CREATE INDEX menu_category_organization_id_category_type_idx ON menu_category (organization_id, category_type);

-- index menu_item_organization_id_is_active_idx
CREATE INDEX menu_item_organization_id_is_active_idx ON menu_item (organization_id, is_active);

-- index menu_item_organization_id_category_id_idx
CREATE INDEX menu_item_organization_id_category_id_idx ON menu_item (organization_id, category_id);

-- index message_sender_user_id_idx
CREATE INDEX message_sender_user_id_idx ON message (sender_user_id);

-- index message_conversation_id_sent_at_idx
CREATE INDEX message_conversation_id_sent_at_idx ON message (conversation_id, sent_at);

-- index message_organization_id_conversation_id_idx
CREATE INDEX message_organization_id_conversation_id_idx ON message (organization_id, conversation_id);

-- index note_comment_user_id_idx
CREATE INDEX note_comment_user_id_idx ON note_comment (user_id);

-- index note_comment_organization_id_note_id_idx
CREATE INDEX note_comment_organization_id_note_id_idx ON note_comment (organization_id, note_id);

-- index restaurant_booking_user_id_idx
CREATE INDEX restaurant_booking_user_id_idx ON restaurant_booking (user_id);

-- index restaurant_booking_organization_id_status_idx
CREATE INDEX restaurant_booking_organization_id_status_idx ON restaurant_booking (organization_id, status);

-- index restaurant_booking_organization_id_guest_id_idx
CREATE INDEX restaurant_booking_organization_id_guest_id_idx ON restaurant_booking (organization_id, guest_id);

-- index room_organization_id_status_idx
CREATE INDEX room_organization_id_status_idx ON room (organization_id, status);

-- index room_organization_id_external_room_id_idx
CREATE INDEX room_organization_id_external_room_id_idx ON room (organization_id, external_room_id);

-- index room_service_order_user_id_idx
CREATE INDEX room_service_order_user_id_idx ON room_service_order (user_id);

-- index room_service_order_organization_id_status_idx
CREATE INDEX room_service_order_organization_id_status_idx ON room_service_order (organization_id, status);

-- index room_service_order_organization_id_guest_id_idx
CREATE INDEX room_service_order_organization_id_guest_id_idx ON room_service_order (organization_id, guest_id);

-- index session_user_id_idx
CREATE INDEX session_user_id_idx ON session (user_id);

-- index session_active_organization_id_idx
CREATE INDEX session_active_organization_id_idx ON session (active_organization_id);

-- index spa_booking_user_id_idx
CREATE INDEX spa_booking_user_id_idx ON spa_booking (user_id);

-- index spa_booking_organization_id_status_idx
CREATE INDEX spa_booking_organization_id_status_idx ON spa_booking (organization_id, status);

-- index spa_booking_organization_id_guest_id_idx
CREATE INDEX spa_booking_organization_id_guest_id_idx ON spa_booking (organization_id, guest_id);

-- index spa_booking_organization_id_service_id_idx
CREATE INDEX spa_booking_organization_id_service_id_idx ON spa_booking (organization_id, service_id);

-- index staff_note_assigned_to_id_idx
CREATE INDEX staff_note_assigned_to_id_idx ON staff_note (assigned_to_id);

-- index staff_note_created_by_id_idx
CREATE INDEX staff_note_created_by_id_idx ON staff_note (created_by_id);

-- index staff_note_organization_id_status_idx
CREATE INDEX staff_note_organization_id_status_idx ON staff_note (organization_id, status);

-- index staff_note_organization_id_room_id_idx
CREATE INDEX staff_note_organization_id_room_id_idx ON staff_note (organization_id, room_id);

-- index staff_note_organization_id_guest_id_idx
CREATE INDEX staff_note_organization_id_guest_id_idx ON staff_note (organization_id, guest_id);

-- index ticket_assigned_to_id_idx
CREATE INDEX ticket_assigned_to_id_idx ON ticket (assigned_to_id);

-- index ticket_created_by_id_idx
CREATE INDEX ticket_created_by_id_idx ON ticket (created_by_id);

-- index ticket_organization_id_status_idx
CREATE INDEX ticket_organization_id_status_idx ON ticket (organization_id, status);

-- index ticket_organization_id_conversation_id_idx
CREATE INDEX ticket_organization_id_conversation_id_idx ON ticket (organization_id, conversation_id);

-- index ticket_organization_id_guest_id_idx
CREATE INDEX ticket_organization_id_guest_id_idx ON ticket (organization_id, guest_id);

-- index ticket_organization_id_room_id_idx
CREATE INDEX ticket_organization_id_room_id_idx ON ticket (organization_id, room_id);

-- index ticket_comment_user_id_idx
CREATE INDEX ticket_comment_user_id_idx ON ticket_comment (user_id);

-- index ticket_comment_organization_id_ticket_id_idx
CREATE INDEX ticket_comment_organization_id_ticket_id_idx ON ticket_comment (organization_id, ticket_id);

-- index verification_identifier_idx
CREATE INDEX verification_identifier_idx ON verification (identifier);
