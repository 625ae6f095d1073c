package main

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
)

// TestPlanCommands works two plans by the CLI on a network built from an
// empty store, as a director would: the plan with an overdue action is
// listed first; a contact Anna logs today with Fonds shows as progress on
// the Fonds plan and closes her contact action; from-advice makes actions
// and a second run makes no duplicates; the audit log has the writes.
func TestPlanCommands(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "relmap.db")
	do := func(args ...string) (string, error) {
		t.Helper()
		var out, errOut strings.Builder
		n := 1
		if args[0] == "plan" || args[0] == "action" {
			n = 2
		}
		err := run(ctx, append(args[:n:n], append([]string{"-db", db}, args[n:]...)...), env(nil), &out, &errOut)
		return out.String(), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := do(args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out
	}
	net := writeFile(t, "net.json", `{"employees":[{"id":"emp-anna","name":"Anna","role":"director"},{"id":"emp-bob","name":"Bob","role":"account_manager"}],
 "persons":[{"id":"per-jan","name":"Jan"}],
 "organisations":[{"id":"org-fonds","name":"Fonds","owner_id":"emp-anna"},{"id":"org-stichting","name":"Stichting","owner_id":"emp-bob"}],
 "relationships":[{"type":"knows","from":"emp-bob","to":"per-jan","strength":0.8},{"type":"board_member_of","from":"per-jan","to":"org-fonds","strength":0.9}]}`)
	if err := run(ctx, []string{"import", "-db", db, net}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	out := must("plan", "create", "-id", "plan-fonds", "-target", "org-fonds", "-owner", "emp-anna", "-segment", "invest", "-by", "2099-12-31", "-via", "per-jan")
	if !strings.Contains(out, "baseline strength 0.72") { // Bob → Jan → Fonds: 0.8 × 0.9
		t.Fatalf("plan create: %s", out)
	}
	must("plan", "create", "-id", "plan-stichting", "-target", "org-stichting", "-owner", "emp-bob", "-accessibility", "4", "-by", "2099-12-31")
	if _, err := do("plan", "create", "-target", "org-fonds", "-owner", "per-jan", "-segment", "invest", "-by", "2099-12-31"); err == nil || !strings.Contains(err.Error(), "owner_id") {
		t.Fatalf("a person as owner: %v", err)
	}
	must("action", "create", "-id", "act-late", "-plan", "plan-stichting", "-stakeholder", "org-stichting", "-assignee", "emp-bob", "-due", "2000-01-01")
	must("action", "create", "-id", "act-call", "-plan", "plan-fonds", "-stakeholder", "org-fonds", "-assignee", "emp-anna", "-due", "2099-01-01")

	var list api.PlanListBody
	if err := json.Unmarshal([]byte(must("plan", "list", "-json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Plans) != 2 || list.Plans[0].Plan.ID != "plan-stichting" || list.Plans[1].Progress {
		t.Fatalf("director's list: %+v", list.Plans)
	}
	if out := must("plan", "list", "-lang", "nl"); !strings.Contains(out, "1 actie over tijd") || !strings.Contains(out, "geen voortgang") {
		t.Fatalf("plan list -lang nl:\n%s", out)
	}

	contacts := writeFile(t, "c.csv", "id,date,employee_id,stakeholder_id,mode\nc-lunch,"+time.Now().UTC().Format(time.DateOnly)+",emp-anna,org-fonds,meeting\n")
	if err := run(ctx, []string{"import", "-db", db, "-kind", "contacts", contacts}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var plan api.PlanBody
	if err := json.Unmarshal([]byte(must("plan", "show", "-json", "plan-fonds")), &plan); err != nil {
		t.Fatal(err)
	}
	if !plan.Progress || plan.Contacts != 1 || plan.ActionList[0].State != graph.ActionDone || plan.ActionList[0].Closed.ContactID != "c-lunch" {
		t.Fatalf("the Fonds plan after Anna's contact: %+v", plan)
	}
	if _, err := do("action", "close", "-state", "dropped", "act-call"); err == nil || !strings.Contains(err.Error(), "final") {
		t.Fatalf("closing a closed action: %v", err)
	}
	must("action", "close", "-note", "called", "act-late")
	must("plan", "update", "-state", "achieved", "plan-stichting")
	if out := must("plan", "update", "-by", "2099-06-30", "-accessibility", "3.5", "-json", "plan-fonds"); !strings.Contains(out, `"accessibility": 3.5`) || strings.Contains(out, `"segment": "invest"`) {
		t.Fatalf("a new aim replaces the old one whole: %s", out)
	}
	if _, err := do("plan", "update", "-segment", "harvest", "plan-fonds"); err == nil || !strings.Contains(err.Error(), "-by") {
		t.Fatalf("an aim without a day: %v", err)
	}

	out = must("action", "from-advice", "-codes", "assign_owner,develop", "-assignee", "emp-anna", "-dry-run")
	if strings.Contains(out, "act-") {
		t.Fatalf("nothing is placed, so no advice: %s", out)
	}
	out = must("audit")
	for _, want := range []string{"cli plan create", "cli action create", "cli action close", "cli plan update"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the audit log lacks %q:\n%s", want, out)
		}
	}
}
