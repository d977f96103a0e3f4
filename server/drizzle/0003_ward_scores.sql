CREATE TABLE "model_fits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile" text NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL,
	"model" jsonb NOT NULL,
	"summary" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ward_scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ward_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"granularity" text NOT NULL,
	"cells" jsonb NOT NULL,
	"composite" integer,
	"composite_band" text,
	"trend" text,
	"prediction" jsonb,
	"harm_incidents_7d" integer,
	"occupied_bed_days_7d" real,
	"source" text DEFAULT 'live' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "snapshot_history" ADD COLUMN "granularity" text DEFAULT 'poll' NOT NULL;--> statement-breakpoint
ALTER TABLE "ward_scores" ADD CONSTRAINT "ward_scores_ward_id_wards_id_fk" FOREIGN KEY ("ward_id") REFERENCES "public"."wards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_fits_profile_time" ON "model_fits" USING btree ("profile","fitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ward_scores_ward_at" ON "ward_scores" USING btree ("ward_id","at");--> statement-breakpoint
CREATE INDEX "ward_scores_at" ON "ward_scores" USING btree ("at");