CREATE TABLE "feed_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"rows" integer NOT NULL,
	"via" text NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_incidents" (
	"ref" text PRIMARY KEY NOT NULL,
	"ward_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"categories" jsonb NOT NULL,
	"harm" text,
	"import_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staffing_days" (
	"ward_id" text NOT NULL,
	"date" text NOT NULL,
	"planned_hours" double precision,
	"actual_hours" double precision,
	"bank_hours" double precision,
	"agency_hours" double precision,
	"sickness_hours" double precision,
	"import_id" bigint NOT NULL,
	CONSTRAINT "staffing_days_ward_id_date_pk" PRIMARY KEY("ward_id","date")
);
--> statement-breakpoint
ALTER TABLE "feed_incidents" ADD CONSTRAINT "feed_incidents_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_incidents" ADD CONSTRAINT "feed_incidents_import_id_feed_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."feed_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_days" ADD CONSTRAINT "staffing_days_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staffing_days" ADD CONSTRAINT "staffing_days_import_id_feed_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."feed_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feed_imports_kind_sha256" ON "feed_imports" USING btree ("kind","sha256");--> statement-breakpoint
CREATE INDEX "feed_imports_received" ON "feed_imports" USING btree ("kind","received_at");--> statement-breakpoint
CREATE INDEX "feed_incidents_ward_time" ON "feed_incidents" USING btree ("ward_id","occurred_at");