CREATE TABLE "digest_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lead_id" text NOT NULL,
	"week" text NOT NULL,
	"state" text NOT NULL,
	"email" text NOT NULL,
	"message_id" text,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ward_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"value" real,
	"latest_value" real,
	"detail" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_ledger_lead_week" ON "digest_ledger" USING btree ("lead_id","week");--> statement-breakpoint
CREATE INDEX "digest_ledger_week" ON "digest_ledger" USING btree ("week");--> statement-breakpoint
CREATE UNIQUE INDEX "escalations_open_once" ON "escalations" USING btree ("ward_id","rule_id","subject") WHERE "escalations"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "escalations_raised" ON "escalations" USING btree ("raised_at");
