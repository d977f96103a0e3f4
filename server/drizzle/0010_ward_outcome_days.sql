CREATE TABLE "ward_outcome_days" (
	"ward_id" text NOT NULL,
	"date" text NOT NULL,
	"vte_indicated" integer,
	"vte_prophylaxis" integer,
	"discharges" integer,
	"discharges_before_noon" integer,
	"falls" integer,
	"low_glucose" integer,
	"read_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "ward_outcome_days_ward_id_date_pk" PRIMARY KEY("ward_id","date")
);
