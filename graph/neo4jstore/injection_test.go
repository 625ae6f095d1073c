package neo4jstore

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/queries"
)

// TestInjection runs storetest.RunInjection against the real server:
// names, notes and ids full of Cypher metacharacters are parameters,
// never statement text.
func TestInjection(t *testing.T) {
	storetest.RunInjection(t, func(t *testing.T) graph.Store { return open(t) })
}

// TestLabelsFromAllowList checks the one place where text goes into a
// statement: the {{LABEL}}, {{TYPE}} and {{TYPES}} placeholders. They are
// replaced with exactly the labels of graph.Kinds and the types of
// graph.RelTypes, nothing else, and no placeholder is left; a vocabulary
// word that could break out of a statement stops the program at start
// (mustIdentifier).
func TestLabelsFromAllowList(t *testing.T) {
	var wantLabels, wantTypes []string
	for _, k := range graph.Kinds {
		// "employee" → "Employee", as documented in doc.go.
		wantLabels = append(wantLabels, strings.ToUpper(string(k[:1]))+string(k[1:]))
	}
	for _, s := range graph.RelTypes {
		wantTypes = append(wantTypes, strings.ToUpper(string(s.Type)))
	}
	for name, q := range queries.All() {
		xs := expand(q)
		var tokens []string
		for _, x := range xs {
			tokens = append(tokens, x.token)
			if strings.Contains(x.text, "{{") {
				t.Errorf("%s/%s: a placeholder is left: %s", name, x.token, x.text)
			}
		}
		switch {
		case strings.Contains(q, queries.LabelPlaceholder):
			if !slices.Equal(tokens, wantLabels) {
				t.Errorf("%s expands to labels %v, want %v", name, tokens, wantLabels)
			}
		case strings.Contains(q, queries.TypePlaceholder):
			if !slices.Equal(tokens, wantTypes) {
				t.Errorf("%s expands to types %v, want %v", name, tokens, wantTypes)
			}
		default:
			if len(xs) != 1 || xs[0].token != "" {
				t.Errorf("%s has no per-label placeholder but expands to %v", name, tokens)
			}
		}
		if strings.Contains(q, queries.TypesPlaceholder) {
			all := strings.Join(wantTypes, "|")
			for _, x := range xs {
				if !strings.Contains(x.text, all) {
					t.Errorf("%s/%s: {{TYPES}} is not %s", name, x.token, all)
				}
			}
		}
	}

	// What the statements are looked up by: only allow-listed keys.
	for l := range cypher.findNodes {
		if !slices.Contains(wantLabels, l) {
			t.Errorf("findNodes has a statement for label %q", l)
		}
	}
	for typ := range cypher.createRelationships {
		if !slices.Contains(wantTypes, typ) {
			t.Errorf("createRelationships has a statement for type %q", typ)
		}
	}
	for _, bad := range append(slices.Clone(storetest.Payloads), "", "employee", "Employee`", "KNOWS|WORKS_AT",
		"Employee) DETACH DELETE n //", "{{LABEL}}", "Émployee") {
		if _, ok := cypher.findNodes[bad]; ok {
			t.Errorf("findNodes has a statement for %q", bad)
		}
		if _, ok := relTypes[graph.RelType(bad)]; ok {
			t.Errorf("relTypes maps %q", bad)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("mustIdentifier(%q) accepted it", bad)
				}
			}()
			mustIdentifier(bad)
		}()
	}
}

// TestNoQueryFromInput reads the store's source and checks every call that
// sends a statement to Neo4j (tx.Run, session Run, neo4j.ExecuteQuery, and
// the store's helpers each, single and lookup.stored): the statement must be
// an embedded query (queries.X), a statement expanded from the allow-list
// (cypher.x, cypher.x[key]), or a variable that holds only such statements
// (assigned only from them, ranged over schemaStatements() or over a local
// slice of such statements, or a parameter that every caller fills so), or
// a lookup among the statements expand made (a function that calls
// expand, given a statement). A statement built with +, fmt or strings —
// from request text or anything else — fails the test.
func TestNoQueryFromInput(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]*ast.FuncDecl{} // by name (methods by name too: none clash here)
	bodies := map[string]ast.Node{}     // functions and function-valued package variables, by name
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				funcs[d.Name.Name] = d
				bodies[d.Name.Name] = d
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Names) == len(vs.Values) {
						for i, n := range vs.Names {
							bodies[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	expanders = findExpanders(bodies)
	// sinks: function name → index of its statement argument.
	sinks := map[string]int{"Run": 1, "ExecuteQuery": 2, "each": 2, "single": 2, "stored": 1}
	checked := 0
	type site struct {
		fn   *ast.FuncDecl
		call *ast.CallExpr
	}
	var work []site
	// queue adds every call, in every function, of a function named so.
	queue := func(named func(string) bool) {
		for _, f := range parsed {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok && named(callName(call)) {
						work = append(work, site{fd, call})
					}
					return true
				})
			}
		}
	}
	queue(func(name string) bool { _, ok := sinks[name]; return ok })
	for len(work) > 0 {
		s := work[0]
		work = work[1:]
		name := callName(s.call)
		i := sinks[name]
		if i >= len(s.call.Args) {
			continue // a Run of something else (e.g. a one-argument method)
		}
		checked++
		arg := s.call.Args[i]
		pos := fset.Position(arg.Pos())
		ok, param := safeStatement(s.fn, arg)
		if !ok {
			t.Errorf("%s: the statement passed to %s is built, not embedded: %s", pos, name, render(fset, arg))
			continue
		}
		if param >= 0 {
			// A parameter: every caller of this function must pass a safe
			// one, and callers outside the package cannot be checked.
			if s.fn.Name.IsExported() {
				t.Errorf("%s: %s passes its parameter to %s as a statement; callers outside the package could send anything",
					pos, s.fn.Name.Name, name)
				continue
			}
			if _, seen := sinks[s.fn.Name.Name]; seen {
				continue
			}
			sinks[s.fn.Name.Name] = param
			queue(func(name string) bool { return name == s.fn.Name.Name })
		}
	}
	// Every file of queries/*.cypher is run somewhere; far fewer call
	// sites than that would mean this test looked at the wrong calls.
	if checked < 20 {
		t.Fatalf("checked only %d statement arguments; the test no longer finds the driver calls", checked)
	}
	t.Logf("checked %d statement arguments", checked)
}

// callName is the name of the called function or method.
func callName(call *ast.CallExpr) string {
	fun := call.Fun
	if ix, ok := fun.(*ast.IndexExpr); ok { // single[int64](…)
		fun = ix.X
	}
	if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// safeStatement reports whether e is an embedded or allow-list statement,
// and, when e is a parameter of fn, its index (else -1).
func safeStatement(fn *ast.FuncDecl, e ast.Expr) (bool, int) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return safeStatement(fn, x.X)
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && (id.Name == "queries" || id.Name == "cypher") {
			return true, -1
		}
	case *ast.IndexExpr:
		if sel, ok := x.X.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "cypher" {
				return true, -1
			}
		}
	case *ast.Ident:
		return safeIdent(fn, x.Name)
	case *ast.CallExpr:
		// A lookup among the statements expand made from the allow-list
		// (perType(queries.X, t)): safe when the statement it is given is.
		if id, ok := x.Fun.(*ast.Ident); ok && expanders[id.Name] {
			if len(x.Args) == 0 {
				return true, -1
			}
			return safeStatement(fn, x.Args[0])
		}
	}
	return false, -1
}

// expanders are the package's functions (and function-valued variables)
// that hand out statements made by expand, directly or through another
// expander; set by TestNoQueryFromInput.
var expanders map[string]bool

func findExpanders(bodies map[string]ast.Node) map[string]bool {
	out := map[string]bool{"expand": true}
	for changed := true; changed; {
		changed = false
		for name, body := range bodies {
			if out[name] {
				continue
			}
			ast.Inspect(body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && out[id.Name] && !out[name] {
						out[name], changed = true, true
					}
				}
				return true
			})
		}
	}
	delete(out, "expand") // expand itself takes any text
	return out
}

// safeSlice reports whether the local variable e of fn is a slice of
// statements only: every assignment to it a literal of safe statements or
// an append of safe statements to it.
func safeSlice(fn *ast.FuncDecl, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	found, all := false, true
	elems := func(xs []ast.Expr) {
		for _, x := range xs {
			if safe, param := safeStatement(fn, x); !safe || param >= 0 {
				all = false
			}
		}
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		s, isAssign := n.(*ast.AssignStmt)
		if !isAssign {
			return true
		}
		for j, l := range s.Lhs {
			if x, isID := l.(*ast.Ident); !isID || x.Name != id.Name {
				continue
			}
			found = true
			if len(s.Rhs) != len(s.Lhs) {
				all = false
				continue
			}
			switch r := s.Rhs[j].(type) {
			case *ast.CompositeLit:
				elems(r.Elts)
			case *ast.CallExpr:
				if f, isID := r.Fun.(*ast.Ident); isID && f.Name == "append" && len(r.Args) > 0 {
					if a, isID := r.Args[0].(*ast.Ident); isID && a.Name == id.Name && !r.Ellipsis.IsValid() {
						elems(r.Args[1:])
						continue
					}
				}
				all = false
			default:
				all = false
			}
		}
		return true
	})
	return found && all
}

// safeIdent checks every way fn gives the variable name a value.
func safeIdent(fn *ast.FuncDecl, name string) (bool, int) {
	i := 0
	for _, f := range fn.Type.Params.List {
		for _, n := range f.Names {
			if n.Name == name {
				return true, i
			}
			i++
		}
	}
	found, ok := false, true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			for j, l := range s.Lhs {
				if id, isID := l.(*ast.Ident); isID && id.Name == name {
					found = true
					if len(s.Rhs) != len(s.Lhs) {
						ok = false
						return false
					}
					if safe, param := safeStatement(fn, s.Rhs[j]); !safe || param >= 0 {
						ok = false
					}
				}
			}
		case *ast.RangeStmt:
			if id, isID := s.Value.(*ast.Ident); isID && id.Name == name {
				found = true
				if !fromSchema(fn, s.X) && !safeSlice(fn, s.X) {
					ok = false
				}
			}
		}
		return true
	})
	return found && ok, -1
}

// fromSchema reports whether e is a call of schemaStatements, or a variable
// of fn assigned only from one.
func fromSchema(fn *ast.FuncDecl, e ast.Expr) bool {
	if call, ok := e.(*ast.CallExpr); ok {
		return callName(call) == "schemaStatements"
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	found, all := false, true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if s, isAssign := n.(*ast.AssignStmt); isAssign {
			for _, l := range s.Lhs {
				if x, isID := l.(*ast.Ident); isID && x.Name == id.Name {
					found = true
					call, isCall := s.Rhs[0].(*ast.CallExpr)
					all = all && len(s.Rhs) == 1 && isCall && callName(call) == "schemaStatements"
				}
			}
		}
		return true
	})
	return found && all
}

var spaces = regexp.MustCompile(`\s+`)

func render(fset *token.FileSet, e ast.Expr) string {
	start, end := fset.Position(e.Pos()), fset.Position(e.End())
	src, err := os.ReadFile(start.Filename)
	if err != nil || end.Offset > len(src) {
		return "?"
	}
	return spaces.ReplaceAllString(string(src[start.Offset:end.Offset]), " ")
}

// TestCreateRelationshipsNamesEveryProperty checks that
// create_relationships.cypher, which names the properties it stores one by
// one, names every property relationshipRow writes: one it left out would
// be dropped without an error.
func TestCreateRelationshipsNamesEveryProperty(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	r := &graph.Relationship{ID: "rel-1", Type: graph.RelKnows, From: "per-a", To: "per-b", Strength: 0.5,
		Nature: graph.NatureProfessional, Level: graph.LevelTactical, Since: day, Until: day.AddDate(1, 0, 0),
		Source: graph.SourceImport, Note: "note",
		Audit: graph.Audit{CreatedAt: day, UpdatedAt: day, CreatedBy: "a", UpdatedBy: "b"}}
	v := reflect.ValueOf(*r)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("the test's relationship leaves %s unset: set it", v.Type().Field(i).Name)
		}
	}
	props := relationshipRow(r)["props"].(map[string]any)
	for typ, q := range cypher.createRelationships {
		for key := range props {
			if !strings.Contains(q, key+": p."+key) {
				t.Errorf("create_relationships.cypher/%s does not store %s", typ, key)
			}
		}
	}
}
