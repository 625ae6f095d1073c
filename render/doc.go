// Package render draws relmap's pictures: it turns domain values into
// deterministic Graphviz DOT, lays the DOT out into SVG with go-graphviz,
// and rasterises that SVG into PNG. It is the only package that imports
// go-graphviz.
//
// # Pictures
//
// The segment matrix (MatrixDOT, Matrix) is the seed's figure with the
// stakeholders in it: accessibility along x, attractiveness up y, the four
// quadrants Develop (Ontwikkel, top left), Invest (Investeer, top right),
// Ignore (Negeer, bottom left) and Harvest (Oogst, bottom right) with their
// policies, and every assessed stakeholder placed by its two weighted means
// (see segment.Place); past a thousand stakeholders it draws their density.
// The network, ego, warm-path and reach pictures follow the same pattern:
// a FooDOT function from domain values to DOT, and Foo for the three
// formats. The reach picture (ReachDOT, Reach) is the web page's default
// network: the most attractive invest and develop stakeholders, our
// employees and the people on the best warm paths between them. The
// overview (OverviewDOT, Overview) puts the network beside the matrix: the
// quadrants with their most attractive stakeholders, and the employees and
// intermediaries on their warm paths, each stakeholder with its policy
// advice; its caller computes the paths, brokers and advice (render reads
// no store).
//
// # One colour language
//
// Every picture speaks the same visual language, so that a reader learns
// it once:
//
//	colour      the segment, and nothing else (SegmentColor: Okabe–Ito
//	            bluish green invest, blue develop, orange harvest, grey
//	            ignore; white unassessed) — a colour-blind-safe palette
//	shape       the kind: organisation a (rounded) box, person an ellipse
//	            or circle, our employees a dark hexagon (ColorEmployee,
//	            never a segment colour)
//	outline     the party type (partyOutline): input heavy, consumer
//	            dashed, intermediary double, unclassified thin
//	line        a tie or a step of a path: width and shade its strength,
//	            dashed when derived (logged contacts, a shared
//	            organisation)
//	badge       policy advice, as text under a name — never a colour
//	bold name   the focus, the target of a path, a broker
//
// and carries a legend under the picture (legend.go) that explains every
// colour, shape, outline and line it uses, in its language, drawn into the
// SVG after the layout and so also in the PNG. TestLegendNamesEveryColour
// checks, for every picture in both languages, that each colour drawn is
// in its legend; TestOneColourPerMeaning that no colour means two things.
// Numbers in tooltips and legends follow the language (3,25 in Dutch).
//
// Every picture goes the same way:
//
//	domain value ──FooDOT──▶ DOT ──SVG(engine)──▶ SVG ──PNG──▶ PNG
//
// and Format (svg, png, dot) selects where to stop.
//
// # Determinism
//
// DOT is a function of its input: nodes are written in a documented order,
// attributes sorted by key, numbers with at most two decimals, and any
// jitter comes from hashes of ids, never from randomness or map order. So
// golden files (testdata/*.golden, rewritten by go test ./render -update)
// pin the pictures down, and equal data always draws the same picture.
//
// # Graphviz
//
// go-graphviz v0.2.10 runs Graphviz 12.1 compiled to WebAssembly inside the
// process (wazero; no cgo, no system Graphviz). It keeps one module instance
// per process in a package variable, set up when the package initialises
// (the first process on a machine compiles it in about half a second; the
// result is cached in the OS temp directory). That instance is not safe for
// concurrent use, and a second one cannot be made in the same process: a
// WebAssembly instance runs one call at a time, and go-graphviz's C state
// and callbacks hang off that one package variable. So layouts run in
// parallel in processes: SetLayouts(n, command) keeps this process's
// instance and n-1 worker processes, each its own instance, started on
// first need with command (relmap serve starts relmap itself with the
// hidden subcommand graphviz-worker, which calls ServeWorker; n is the
// number of cores by default) and fed DOT over a pipe in gob. A worker
// costs a process start and its memory (about 40 MB idle, about 150 MB
// after a 1,500-node sfdp layout, as much as this process: WebAssembly
// memory does not shrink); a layout costs one pipe round trip more. The pictures are byte for byte the ones this process draws
// (the same WebAssembly), which the golden files need.
//
// The alternatives were weighed. The system's dot binary, run per
// picture, would be about twice as fast per layout (GRAPHVIZ.md), but it
// is another Graphviz (Debian ships 2.42, go-graphviz 12.1) whose pictures
// differ from the golden ones and between machines, and a system package
// the release image and developers' machines lack. A pool of
// go-graphviz contexts (graphviz.New) in one process shares the one
// instance and so runs nothing at once. Worker processes keep one
// Graphviz everywhere and need nothing installed.
//
// In front of the layouters sits a fair (first come, first served) queue
// (pool). Three things keep it short: callers asking for the same DOT
// share one layout (the DOT is a function of the data), the last
// CacheBytes of pictures are kept, and a caller whose deadline the queue
// would not reach — by the measured average layout time and the number of
// layouters — is refused at once with a BusyError (ErrBusy; the API
// answers 503 with Retry-After) instead of waiting out a 504. N users
// asking at once for N different pictures wait about N/n layouts; asking
// for the same one, one. BenchmarkSixAtOnce measures it: six different
// 1,500-node sfdp pictures at once took 7.6 × one alone with one layouter
// and 3.6 × with two, on a 2-core machine shared with other work (load
// average 10).
//
// Every render is bounded twice. A node cap (SVGOptions.MaxNodes,
// DefaultMaxNodes; for the matrix, MatrixOptions.MaxStakeholders) refuses a
// picture too large to read before any layout runs, with a message that
// suggests a filter. The context bounds the wait: Graphviz cannot be
// interrupted, so when ctx ends SVG returns at once and the layout finishes
// in the background, delaying the next render but not the caller. The
// matrix pins every node (engine Nop, "neato -n"), so its layout costs
// nothing; the 300-stakeholder matrix renders to SVG in about 0.1–0.3 s on
// a 2-core machine.
//
// go-graphviz has two quirks that this package works around. Its own PNG
// output draws only the text of a graph (no shapes, no edges), so PNG is
// made from the SVG instead. And its DOT parser replaces an empty label
// with the node's name, so nodes without text carry label=" ", and SVG
// removes the blank <text> elements that leaves.
//
// # PNG
//
// The PNG of a picture has a pixel budget (fitPNG): PNGPixelsPerNode for
// each node, at least MinPNGBudget, never below one pixel per point (10-
// point names stay 10 pixels high), never above MaxPNGPixels.
//
// PNG rasterises the SVG in pure Go: a small reader for the subset of SVG
// that Graphviz writes (groups and transforms, polygons, polylines,
// ellipses, Bézier paths, text), drawn with fogleman/gg, with text set in
// the embedded Liberation Sans fonts. Liberation Sans has the glyph widths
// of Arial and Helvetica, which is also what Graphviz assumes when it sizes
// and aligns text, so text in the PNG lands where the SVG puts it. For the
// demo network's matrix (550 stakeholders, 1,900×1,580 pixels at the
// default scale of 2 pixels per point) drawing takes about 80 ms and PNG
// encoding about 100 ms.
//
// The alternatives were weighed and rejected. go-graphviz's PNG draws no
// shapes. github.com/srwiley/oksvg (with rasterx) draws no text at all, so
// every name would go missing. A headless Chromium screenshot would be
// exact, but it makes a browser a run-time dependency of the server (a
// large system package, absent from the release image and from developers'
// machines) and starts a browser process for every picture. Graphviz's SVG
// is a small, stable subset of SVG, so reading it ourselves costs a few
// hundred lines, and PNG refuses with EINVALID what it cannot draw (images,
// gradients, arcs) rather than drawing it wrong.
// The tests decode the PNG and count the pixels of the quadrant lines and
// of the party-type fills, and check every stakeholder's marker colour at
// the position the SVG gives it.
//
// # Errors
//
// Input errors are values: a *graph.Error with code graph.EINVALID for a
// bad option, an unknown engine or format, DOT that does not parse, or a
// picture over its cap (no Field is set for the caps; the message says what
// to filter; those refusals for size also match ErrTooLarge, for an HTTP
// 422). A render cut short by its context during its layout is a
// *graph.Error with code graph.EUNAVAILABLE that also matches
// context.DeadlineExceeded (or context.Canceled) with errors.Is, for an
// HTTP 504; one refused or abandoned while it waited for its turn is a
// *BusyError (EUNAVAILABLE, ErrBusy), for an HTTP 503 with Retry-After. Anything else —
// Graphviz failing on DOT that parsed — is an internal error. Nothing here
// panics on input; render never logs.
package render
