CREATE TABLE "huddle_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ward_id" text NOT NULL,
	"bed" text,
	"encounter_id" text,
	"text" text NOT NULL,
	"owner" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"check_in" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"task_id" text,
	"task_error" text
);
--> statement-breakpoint
CREATE INDEX "huddle_actions_ward_status" ON "huddle_actions" USING btree ("ward_id","status","due_at");