"""A locked settlement run never changes, whatever code (or person with psql) touches it.

Row triggers refuse, with SQLSTATE 23001 (restrict_violation, which Django reports as IntegrityError): any UPDATE or
DELETE of a locked run, and any INSERT, UPDATE or DELETE of a line whose run is locked. A late correction goes into
the next month's run as an adjustment line.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION producers_settlementrun_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'locked' THEN
        RAISE EXCEPTION 'settlement run % is locked: % refused (correct it in the next run)', OLD.month, TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER settlementrun_locked
    BEFORE UPDATE OR DELETE ON producers_settlementrun
    FOR EACH ROW EXECUTE FUNCTION producers_settlementrun_locked();

CREATE FUNCTION producers_settlementline_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND EXISTS (
            SELECT 1 FROM producers_settlementrun WHERE id = OLD.run_id AND status = 'locked'))
       OR (TG_OP <> 'DELETE' AND EXISTS (
            SELECT 1 FROM producers_settlementrun WHERE id = NEW.run_id AND status = 'locked')) THEN
        RAISE EXCEPTION 'the lines of a locked settlement run never change: % refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER settlementline_locked
    BEFORE INSERT OR UPDATE OR DELETE ON producers_settlementline
    FOR EACH ROW EXECUTE FUNCTION producers_settlementline_locked();
"""

DROP = """
DROP TRIGGER IF EXISTS settlementline_locked ON producers_settlementline;
DROP FUNCTION IF EXISTS producers_settlementline_locked();
DROP TRIGGER IF EXISTS settlementrun_locked ON producers_settlementrun;
DROP FUNCTION IF EXISTS producers_settlementrun_locked();
"""


class Migration(migrations.Migration):
    dependencies = [("producers", "0008_settlement_runs_and_bank_details")]
    operations = [migrations.RunSQL(CREATE, DROP)]
