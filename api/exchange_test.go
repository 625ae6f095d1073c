package api

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// upload posts data as the multipart field "file" to path.
func upload(t *testing.T, h http.Handler, path, data string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "upload.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(data))
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// TestImportExport: a CSV upload is validated whole (nothing stored when a
// row is bad, the problem named by line and column), a dry run writes
// nothing, and the exports carry the stored network.
func TestImportExport(t *testing.T) {
	h, st := segmentServer(t)
	before, _ := st.Version(t.Context())

	// Line 3's strength is out of range: the whole file is refused.
	w := upload(t, h, "/api/v1/import?kind=relationships", "type;from;to;strength\nknows;per-jan;emp-anna;0,9\nknows;emp-anna;org-gp;1,5\n")
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"item":"line 3"`) || !strings.Contains(w.Body.String(), `"field":"strength"`) {
		t.Fatalf("bad file: %d %s, want 400 naming line 3, strength", w.Code, w.Body)
	}
	w = upload(t, h, "/api/v1/import?kind=persons&dry_run=1", "id,name\nper-els,Els Bakker\n")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"dry_run":true`) {
		t.Fatalf("dry run: %d %s", w.Code, w.Body)
	}
	if after, _ := st.Version(t.Context()); after != before {
		t.Fatalf("a refused file or a dry run changed the store (version %d → %d)", before, after)
	}
	w = upload(t, h, "/api/v1/import?kind=persons", "id,name\nper-els,Els Bakker\n")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"persons":{"created":1`) {
		t.Fatalf("import: %d %s, want 1 person created", w.Code, w.Body)
	}
	if p, err := st.FindPersonByID(t.Context(), "per-els"); err != nil || p.Name != "Els Bakker" {
		t.Fatalf("imported person: %+v %v", p, err)
	}

	get := func(path string) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 {
			t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
		}
		return w.Body.String()
	}
	if js := get("/api/v1/export"); !strings.Contains(js, `"per-els"`) || !strings.Contains(js, `"relmap"`) {
		t.Errorf("JSON export lacks the imported person or its format tag")
	}
	if csv := get("/api/v1/export?format=csv&kind=persons"); !strings.Contains(csv, "per-els,Els Bakker") {
		t.Errorf("CSV export:\n%s", csv)
	}
	gml := get("/api/v1/export?format=graphml")
	if err := xml.Unmarshal([]byte(gml), new(struct{})); err != nil || !strings.Contains(gml, "per-jan") {
		t.Errorf("GraphML export is not XML holding the network: %v", err)
	}
	var e apiError
	call(t, h, "GET", "/api/v1/export?format=csv", "", 400, &e)
	if !e.has("kind", "") {
		t.Errorf("CSV export without a kind: %+v", e)
	}
}

// TestImportUploadStreamed: an uploaded CSV file of more than
// exchange.PartRows rows is streamed to the store in parts. Persons
// per-x0 … per-x50000 are 50,001 rows (row i on line i+2): two parts.
// A short row in each part is reported with its line and nothing is
// stored; without them every row is created. A JSON export uploaded
// without a kind is told from its start.
func TestImportUploadStreamed(t *testing.T) {
	h, st := segmentServer(t)
	before, _ := st.Version(t.Context())
	const n = 50001
	file := func(short ...int) string {
		var b strings.Builder
		b.WriteString("id,name\n")
		for i := range n {
			if slices.Contains(short, i) {
				fmt.Fprintf(&b, "per-x%d\n", i)
				continue
			}
			fmt.Fprintf(&b, "per-x%d,Person %d\n", i, i)
		}
		return b.String()
	}
	w := upload(t, h, "/api/v1/import?kind=persons", file(10, 50000))
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"item":"line 12"`) || !strings.Contains(w.Body.String(), `"item":"line 50002"`) {
		t.Fatalf("short rows: %d %s, want 400 naming lines 12 and 50002", w.Code, w.Body)
	}
	if after, _ := st.Version(t.Context()); after != before {
		t.Fatalf("a refused file changed the store (version %d → %d)", before, after)
	}
	w = upload(t, h, "/api/v1/import?kind=persons", file())
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"persons":{"created":50001,`) {
		t.Fatalf("import: %d %.300s, want 50001 persons created", w.Code, w.Body)
	}

	exp := httptest.NewRecorder()
	h.ServeHTTP(exp, httptest.NewRequest("GET", "/api/v1/export", nil))
	w = upload(t, h, "/api/v1/import", exp.Body.String())
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"kind":"json"`) || !strings.Contains(w.Body.String(), `"persons":{"created":0,"updated":0,"unchanged":50002}`) {
		t.Errorf("JSON re-import: %d %.300s, want kind json, 50002 persons unchanged", w.Code, w.Body)
	}
}
