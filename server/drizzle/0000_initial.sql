CREATE TABLE "board_state" (
	"ward_id" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"as_of" timestamp with time zone,
	"snapshot" jsonb,
	"stale_reason" text,
	"last_poll_at" timestamp with time zone,
	"last_poll_ok" boolean
);
--> statement-breakpoint
CREATE TABLE "snapshot_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ward_id" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"census" jsonb NOT NULL,
	"request_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wards" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"site_id" text NOT NULL,
	"site_name" text NOT NULL,
	"profile" text NOT NULL,
	"display_label" text DEFAULT 'initials' NOT NULL,
	"discovered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board_state" ADD CONSTRAINT "board_state_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshot_history" ADD CONSTRAINT "snapshot_history_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "snapshot_history_ward_time" ON "snapshot_history" USING btree ("ward_id","as_of");