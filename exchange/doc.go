// Package exchange moves relmap's data in and out of files: a whole store
// as one JSON document (WriteJSON, ReadJSON, Import), one kind of record
// as CSV (ReadCSV, ImportCSV, WriteCSV), and the network as GraphML or GEXF
// for Gephi, Cytoscape and other network tools (WriteGraphML, WriteGEXF).
//
// # Imports are all or nothing
//
// A file is validated whole before anything is kept: every problem is
// reported at once (up to MaxProblems), each a *graph.Error with Item
// "line N", Field the column (or the JSON path) and a message quoting the
// value, and a file with any problem leaves the store unchanged. Records
// are matched by their external id (relationships and contacts without
// one get a derived id), so importing a file again changes nothing, and a
// dry run reports what would be created, updated and left alone.
//
// A CSV file is read once, as a stream (ImportCSVFrom; ImportCSV for a
// file in memory), so that memory holds one part of PartRows rows, not the
// file. A file of at most PartRows rows is read whole and written in one
// Store.Upsert. A longer one is validated part by part inside the store's
// import transaction (segment.Importer), rather than read twice (which
// would need a file that can be opened again, and twice the reading): each
// part is checked, by the reading and by graph.PlanUpsert, and written
// while the next is read (by another goroutine, so that reading and
// writing take turns on two cores; memory holds two parts, three with a
// store that writes a part while it plans the next, as SQLite's does).
// At the first part with a problem the transaction is rolled back; the
// rest of the file is still read and each later part checked against the
// store in a dry run, so that the problems
// of every part are reported. That check sees the store without the
// file's earlier parts, which is what a file of one kind of record is
// checked against anyway: its records refer to records of other kinds,
// and an id that repeats one of an earlier part is caught while reading,
// by a set of the ids read (some 20 bytes a row, the one part of memory
// that grows with the file). A store that collects the parts before it
// writes (see its documentation) reports the problems of the first part
// it refuses.
//
// JSON documents and LinkedIn exports are read whole, and written in one
// Store.Upsert or Importer.Import.
//
// # CSV files
//
// CSVReader reads what spreadsheets write: UTF-8 with or without a byte
// order mark, ',' or ';' between fields, columns in any order matched by
// header name (case-insensitive, "Party Type" is party_type), in English
// or Dutch ("naam", "partijtype"; dutch.go). Columns documents the columns
// of each Kind; examples/*.csv in the repository are one file of each kind.
// Enumerated values are read alike, in English or Dutch ("Werkt bij" is
// works_at, "intermediair" intermediary; Value). Strengths accept a decimal comma ("0,8"), dates
// YYYY-MM-DD or DD-MM-YYYY, yes/no columns true/false, yes/no, ja/nee or
// 1/0. The kind of a file is named or detected from its header
// (KindOfHeader). The byte order mark, the delimiter and the checks for
// binary data and UTF-8 are made on the first SniffBytes of the file;
// later bytes are checked as they are read.
//
// Every CSV relmap writes goes through CSVWriter, which puts a single quote
// before a cell a spreadsheet would run as a formula (formula injection;
// see NeutraliseCell); Row.Get takes it off again, so an export imports
// back unchanged.
//
// The package imports only the standard library, graph and segment, and
// never logs.
package exchange
