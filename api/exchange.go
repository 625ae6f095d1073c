package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// ImportMaxBytes bounds an uploaded import file (64 MiB); larger uploads
// answer 400 before anything is read into the store.
const ImportMaxBytes = 64 << 20

// ImportBody is the answer of POST /import.
type ImportBody struct {
	Kind   string `json:"kind"`
	DryRun bool   `json:"dry_run"`
	// Result holds created/updated/unchanged per entity (and, for a JSON
	// export, the assessments and whether scheme and policies changed).
	Result any `json:"result"`
	// Capture is the report of a capture kind (ics, mbox, eml, vcard).
	Capture *capture.Report `json:"capture,omitempty"`
}

// postImport answers POST /import?kind=&dry_run=1 with a multipart "file":
// a CSV file of one kind (detected from its header when kind is absent) or
// a relmap JSON export, imported all or nothing; with kind ics, mbox, eml
// or vcard a calendar, mail or address-book file to capture (postCapture,
// create_unknown=1 to make persons of unknown addresses). Every problem comes back
// with its line and column (graph.Errors), and nothing is stored then.
func (s *Server) postImport(c *gin.Context) {
	if err := checkMediaType(c, "multipart/form-data"); err != nil {
		s.fail(c, err)
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		s.fail(c, graph.Invalid("file", "send the file as multipart form field \"file\" of at most %d bytes", ImportMaxBytes))
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, fmt.Errorf("open upload: %w", err))
		return
	}
	defer f.Close()
	dry := c.Query("dry_run") == "1" || c.Query("dry_run") == "true"
	st, ok := s.Store.(graph.Store)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use cannot import"))
		return
	}
	if ck, ok := capture.ParseKind(c.Query("kind")); ok {
		s.postCapture(c, st, f, ck, dry)
		return
	}
	var kind exchange.Kind
	if v := c.Query("kind"); v != "" {
		if kind, err = exchange.ParseKind(v); err != nil {
			s.fail(c, err)
			return
		}
	} else {
		head := make([]byte, 4096) // what exchange.DetectKind looks at
		n, err := f.ReadAt(head, 0)
		if err != nil && err != io.EOF {
			s.fail(c, fmt.Errorf("read upload: %w", err))
			return
		}
		if exchange.DetectKindJSON(head[:n]) {
			kind = exchange.JSON
		}
	}
	if kind != "" {
		auditDetail(c, "kind "+string(kind))
	}
	ctx := writing(c, http.StatusOK) // a dry run writes nothing: audit appends its entry
	if kind == exchange.JSON {
		doc, err := exchange.ReadJSON(f)
		if err != nil {
			s.fail(c, err)
			return
		}
		res, err := exchange.Import(ctx, st, doc, graph.UpsertOptions{DryRun: dry})
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, ImportBody{Kind: string(kind), DryRun: dry, Result: res})
		return
	}
	// The CSV file is streamed from the upload (which the multipart parser
	// keeps in memory up to 32 MiB, beyond that in a temporary file).
	cb, res, err := exchange.ImportCSVFrom(ctx, st, f, exchange.ImportOptions{Kind: kind, DryRun: dry})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ImportBody{Kind: string(cb.Kind), DryRun: dry, Result: res})
}

// getExport answers GET /export?format=json|csv|graphml|gexf&kind=: the
// whole store as a re-importable JSON document, one kind as CSV, or the
// network (with segments when the store keeps them) for Gephi and Cytoscape.
func (s *Server) getExport(c *gin.Context) {
	st, ok := s.Store.(graph.Store)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use cannot export"))
		return
	}
	format := c.DefaultQuery("format", "json")
	ctx := c.Request.Context()
	var kind exchange.Kind
	switch format {
	case "csv":
		k, err := exchange.ParseKind(c.Query("kind"))
		if err != nil || k == exchange.JSON || k == exchange.LinkedIn {
			s.fail(c, graph.Invalid("kind", "give the kind to export as CSV: employees, organisations, persons, relationships or contacts"))
			return
		}
		kind = k
	case "json", "graphml", "gexf":
	default:
		s.fail(c, graph.Invalid("format", "%q is not json, csv, graphml or gexf", format))
		return
	}
	// Read everything before the first byte goes out, so that an error is
	// still a JSON error with its status.
	var buf bytes.Buffer
	var err error
	switch format {
	case "json":
		err = exchange.WriteJSON(ctx, &buf, st)
	case "csv":
		err = exchange.WriteCSV(ctx, &buf, st, kind)
	default:
		var n *graph.Network
		if n, err = graph.ReadNetwork(ctx, st); err != nil {
			break
		}
		var m *segment.Matrix
		if s.Segments != nil {
			if m, err = LoadMatrix(ctx, s.Segments, time.Time{}); err != nil {
				break
			}
		}
		if format == "graphml" {
			err = exchange.WriteGraphML(&buf, n, m)
		} else {
			err = exchange.WriteGEXF(&buf, n, m)
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	name := "relmap." + format
	contentType := map[string]string{"json": "application/json", "csv": "text/csv; charset=utf-8",
		"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}[format]
	if format == "csv" {
		name = "relmap-" + string(kind) + ".csv"
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, contentType, buf.Bytes())
}
