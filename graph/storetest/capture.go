package storetest

import (
	"reflect"
	"testing"

	"github.com/relmap/relmap/graph"
)

// testCaptureSettings checks the capture settings: the defaults until
// set, a saved value read back normalized, saving the same value changing
// nothing, and invalid values refused naming the field, leaving the store
// as it was.
func testCaptureSettings(t *testing.T, s graph.Store) {
	cs, ok := s.(graph.CaptureSettingsStore)
	if !ok {
		t.Fatal("the store keeps no capture settings (graph.CaptureSettingsStore)")
	}
	c, err := cs.CaptureSettings(bg)
	Must(t, err)
	if !reflect.DeepEqual(c, graph.DefaultCaptureSettings()) {
		t.Fatalf("CaptureSettings of a new store = %+v, want the defaults %+v", c, graph.DefaultCaptureSettings())
	}
	Must(t, cs.SaveCaptureSettings(as("admin"), graph.CaptureSettings{
		InternalDomains: []string{" Example.NL", "@zorg.example", "example.nl"}, MaxParticipants: 12}))
	want := graph.CaptureSettings{InternalDomains: []string{"example.nl", "zorg.example"}, MaxParticipants: 12}
	if c, err := cs.CaptureSettings(bg); err != nil || !reflect.DeepEqual(c, want) {
		t.Fatalf("CaptureSettings after saving = %+v, %v; want %+v", c, err, want)
	}
	v := version(t, s)
	Must(t, cs.SaveCaptureSettings(as("admin"), want))
	if version(t, s) != v {
		t.Fatal("saving the same capture settings moved the version")
	}
	for _, tc := range []struct {
		c     graph.CaptureSettings
		field string
	}{
		{graph.CaptureSettings{MaxParticipants: 0}, "max_participants"},
		{graph.CaptureSettings{MaxParticipants: graph.MaxCaptureParticipants + 1}, "max_participants"},
		{graph.CaptureSettings{InternalDomains: []string{"jan@example.nl"}, MaxParticipants: 5}, "internal_domains"},
		{graph.CaptureSettings{InternalDomains: []string{"localhost"}, MaxParticipants: 5}, "internal_domains"},
	} {
		WantErr(t, cs.SaveCaptureSettings(bg, tc.c), graph.EINVALID, "", tc.field)
	}
	if c, err := cs.CaptureSettings(bg); err != nil || !reflect.DeepEqual(c, want) || version(t, s) != v {
		t.Fatalf("refused settings changed the store: %+v, %v", c, err)
	}
}
