// Package exchange moves relmap's data in and out of files: a whole store
// as one JSON document (WriteJSON, ReadJSON, Import), one kind of record
// as CSV (ReadCSV, ImportCSV, WriteCSV), and the network as GraphML or GEXF
// for Gephi, Cytoscape and other network tools (WriteGraphML, WriteGEXF).
//
// # Imports are all or nothing
//
// A file is read and validated whole before anything is written: every
// problem is reported at once (up to MaxProblems), each a *graph.Error
// with Item "line N", Field the column (or the JSON path) and a message
// quoting the value. A file without problems is written in one
// Store.Upsert. Records are matched by their external id (relationships
// and contacts without one get a derived id), so importing a file again
// changes nothing, and a dry run reports what would be created, updated
// and left alone.
//
// # CSV files
//
// CSVReader reads what spreadsheets write: UTF-8 with or without a byte
// order mark, ',' or ';' between fields, columns in any order matched by
// header name (case-insensitive, "Party Type" is party_type). Columns
// documents the columns of each Kind; examples/*.csv in the repository are
// one file of each kind. Strengths accept a decimal comma ("0,8"), dates
// YYYY-MM-DD or DD-MM-YYYY, yes/no columns true/false, yes/no, ja/nee or
// 1/0. The kind of a file is named or detected from its header
// (KindOfHeader).
//
// The package imports only the standard library, graph and segment, and
// never logs.
package exchange
