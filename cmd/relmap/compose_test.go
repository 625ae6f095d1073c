package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestComposeFile checks docker-compose.yml without Docker: the two
// services, the pinned Neo4j LTS image, the healthcheck relmap waits for,
// loopback-only ports and the password from a secret.
func TestComposeFile(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			Secrets     []string          `yaml:"secrets"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
			DependsOn map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
		} `yaml:"services"`
		Secrets map[string]any `yaml:"secrets"`
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range c.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"neo4j", "relmap"}) {
		t.Fatalf("services = %v, want neo4j and relmap", names)
	}
	neo, rel := c.Services["neo4j"], c.Services["relmap"]
	if neo.Image != "neo4j:5.26" {
		t.Errorf("neo4j image = %q, want neo4j:5.26 (the LTS line)", neo.Image)
	}
	if hc := strings.Join(neo.Healthcheck.Test, " "); !strings.Contains(hc, "cypher-shell") || !strings.Contains(hc, "RETURN 1") {
		t.Errorf("neo4j healthcheck = %q, want cypher-shell … 'RETURN 1'", hc)
	}
	if neo.Environment["NEO4J_AUTH_FILE"] == "" || !slices.Contains(neo.Secrets, "neo4j_auth") {
		t.Errorf("neo4j password must come from a secret via NEO4J_AUTH_FILE")
	}
	if rel.Build == nil {
		t.Errorf("relmap must be built from the Dockerfile")
	}
	if got := rel.Environment["RELMAP_NEO4J_URI"]; got != "bolt://neo4j:7687" {
		t.Errorf("relmap RELMAP_NEO4J_URI = %q, want bolt://neo4j:7687", got)
	}
	if rel.Environment["RELMAP_NEO4J_PASSWORD_FILE"] == "" {
		t.Errorf("relmap must read the password from a file (secret)")
	}
	if rel.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Errorf("relmap must wait for a healthy neo4j, got %+v", rel.DependsOn)
	}
	for name, s := range map[string][]string{"neo4j": neo.Ports, "relmap": rel.Ports} {
		for _, p := range s {
			if !strings.HasPrefix(p, "127.0.0.1:") {
				t.Errorf("%s publishes %q: ports must be on 127.0.0.1", name, p)
			}
		}
	}
	for _, s := range append(neo.Secrets, rel.Secrets...) {
		if _, ok := c.Secrets[s]; !ok {
			t.Errorf("secret %q is used but not declared", s)
		}
	}
}
