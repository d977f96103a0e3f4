CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"grants" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"role" text,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"ward_id" text,
	"patient_id" text,
	"detail" jsonb NOT NULL,
	"address" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_pairings" (
	"code" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"ward_hint" text,
	"requested_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"address" text,
	"device_id" text
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"binding" jsonb NOT NULL,
	"credential_hash" text,
	"previous_credential_hash" text,
	"previous_valid_until" timestamp with time zone,
	"credential_rotated_at" timestamp with time zone NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"enrolled_by" text NOT NULL,
	"last_seen_at" timestamp with time zone,
	"last_address" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_name" text NOT NULL,
	"grants" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"ended_by" text,
	"address" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_action" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "audit_log_ward" ON "audit_log" USING btree ("ward_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_patient" ON "audit_log" USING btree ("patient_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "device_pairings_secret" ON "device_pairings" USING btree ("secret_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_credential" ON "devices" USING btree ("credential_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_previous_credential" ON "devices" USING btree ("previous_credential_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_open" ON "sessions" USING btree ("expires_at") WHERE "sessions"."ended_at" is null;--> statement-breakpoint
-- The audit log is append-only (SEC-6). The application's own role keeps INSERT and SELECT and loses
-- UPDATE, DELETE and TRUNCATE; triggers refuse them for every other role too (a superuser included),
-- except the retention purge below, which removes only the oldest rows, at least a year old.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM CURRENT_USER;
--> statement-breakpoint
CREATE FUNCTION wardflow_audit_refuse_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('wardflow.audit_retention', true) = 'on' AND OLD.at < now() - interval '365 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE FUNCTION wardflow_audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION wardflow_audit_refuse_row_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION wardflow_audit_refuse_truncate();
--> statement-breakpoint
-- Retention: the only way rows leave. Removes every row up to the newest one older than the cutoff
-- (a prefix of the chain, never a row in the middle), at least 365 days back, and returns what it
-- removed so the caller records it, in the same transaction, as a chained 'audit.retention' row.
CREATE FUNCTION wardflow_audit_purge(cutoff timestamptz) RETURNS TABLE (removed bigint, through_seq bigint, through_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  n bigint;
BEGIN
  IF cutoff > now() - interval '365 days' THEN
    RAISE EXCEPTION 'audit retention is at least 365 days';
  END IF;
  PERFORM pg_advisory_xact_lock(7261207001);
  SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_log a WHERE a.at < cutoff ORDER BY a.seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    RETURN QUERY SELECT 0::bigint, NULL::bigint, NULL::text;
    RETURN;
  END IF;
  PERFORM set_config('wardflow.audit_retention', 'on', true);
  EXECUTE format('GRANT DELETE ON audit_log TO %I', current_user);
  DELETE FROM audit_log WHERE seq <= last_seq;
  GET DIAGNOSTICS n = ROW_COUNT;
  EXECUTE format('REVOKE DELETE ON audit_log FROM %I', current_user);
  PERFORM set_config('wardflow.audit_retention', 'off', true);
  RETURN QUERY SELECT n, last_seq, last_hash;
END $$;
--> statement-breakpoint
-- Only the owner (the application's role) may run the purge: a read-only reporting role may not.
REVOKE EXECUTE ON FUNCTION wardflow_audit_purge(timestamptz) FROM PUBLIC;
