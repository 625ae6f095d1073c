#!/usr/bin/python3
"""The igraph side of bench/centrality: times python-igraph on the edge list
that relmap's bench wrote, and writes the timings and values as JSON.

    igraph.py EDGES N OUT [--full-betweenness] [--sources FILE]

EDGES has one tie per line, "u v strength" with 0-based node indexes; N is
the number of nodes. Only the measure calls are timed, not reading the file
or building the graph, as on relmap's side.

  betweenness         g.betweenness(directed=False): every source (only with
                      --full-betweenness; it is O(n·m)).
  betweenness_subset  igraph's betweenness restricted to the sources listed in
                      FILE (one index a line), targets every node:
                      igraph_betweenness_subset of the igraph C core.
                      python-igraph 0.10.2 (Debian bookworm) does not expose
                      it (Graph.betweenness has no sources argument before
                      0.10.5), so it is called through ctypes from Debian's
                      libigraph3, the same C core version (0.10.2), on a
                      C graph built from the same edge list.
  pagerank            g.pagerank(damping=0.85, weights=strength) (PRPACK).
  constraint          g.constraint(weights=strength).
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import sys
import time

# This file is named igraph.py: keep its own directory off the path so that
# "import igraph" finds python-igraph, not itself.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

import igraph as ig  # noqa: E402


CPU = {}


def timed(f, key=None):
    """Returns the wall seconds of f() and its value; records the process
    CPU seconds under key."""
    t, c = time.perf_counter(), time.process_time()
    v = f()
    if key:
        CPU[key] = time.process_time() - c
    return time.perf_counter() - t, v


class VecInt(ctypes.Structure):
    _fields_ = [("stor_begin", ctypes.POINTER(ctypes.c_int64)),
                ("stor_end", ctypes.POINTER(ctypes.c_int64)),
                ("end", ctypes.POINTER(ctypes.c_int64))]


class Vec(ctypes.Structure):
    _fields_ = [("stor_begin", ctypes.POINTER(ctypes.c_double)),
                ("stor_end", ctypes.POINTER(ctypes.c_double)),
                ("end", ctypes.POINTER(ctypes.c_double))]


class VsData(ctypes.Union):
    _fields_ = [("vid", ctypes.c_int64), ("vecptr", ctypes.POINTER(VecInt)), ("pair", ctypes.c_int64 * 2)]


class Vs(ctypes.Structure):  # igraph_vs_t
    _fields_ = [("type", ctypes.c_int), ("data", VsData)]


def subset_betweenness(n, edges, sources):
    """igraph_betweenness_subset(g, res, all, undirected, sources, all, NULL)
    through ctypes; returns (seconds, values, C core version)."""
    name = ctypes.util.find_library("igraph") or "libigraph.so.3"
    lib = ctypes.CDLL(name)
    lib.igraph_vss_all.restype = Vs
    lib.igraph_vss_vector.restype = Vs
    lib.igraph_vss_vector.argtypes = [ctypes.POINTER(VecInt)]
    lib.igraph_vector_int_init.argtypes = [ctypes.POINTER(VecInt), ctypes.c_int64]
    lib.igraph_vector_init.argtypes = [ctypes.POINTER(Vec), ctypes.c_int64]
    lib.igraph_create.argtypes = [ctypes.c_void_p, ctypes.POINTER(VecInt), ctypes.c_int64, ctypes.c_bool]
    lib.igraph_betweenness_subset.argtypes = [ctypes.c_void_p, ctypes.POINTER(Vec), Vs, ctypes.c_bool, Vs, Vs, ctypes.c_void_p]
    version = ctypes.c_char_p()
    lib.igraph_version(ctypes.byref(version), None, None, None)

    def ivec(xs):
        v = VecInt()
        assert lib.igraph_vector_int_init(ctypes.byref(v), len(xs)) == 0
        arr = (ctypes.c_int64 * len(xs))(*xs)
        ctypes.memmove(v.stor_begin, arr, 8 * len(xs))
        return v

    g = ctypes.create_string_buffer(1 << 12)  # igraph_t is ~200 bytes
    flat = [x for e in edges for x in e]
    ev = ivec(flat)
    assert lib.igraph_create(g, ctypes.byref(ev), n, False) == 0
    res = Vec()
    assert lib.igraph_vector_init(ctypes.byref(res), 0) == 0
    src = ivec(sources)
    secs, rc = timed(lambda: lib.igraph_betweenness_subset(
        g, ctypes.byref(res), lib.igraph_vss_all(), False,
        lib.igraph_vss_vector(ctypes.byref(src)), lib.igraph_vss_all(), None), "betweenness_subset")
    assert rc == 0, rc
    return secs, [res.stor_begin[i] for i in range(n)], version.value.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("edges")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--full-betweenness", action="store_true")
    ap.add_argument("--sources")
    a = ap.parse_args()

    edges, strength = [], []
    with open(a.edges) as f:
        for line in f:
            u, v, s = line.split()
            edges.append((int(u), int(v)))
            strength.append(float(s))
    g = ig.Graph(n=a.n, edges=edges)

    out = {"igraph": ig.__version__, "seconds": {}, "values": {}}
    if a.full_betweenness:
        out["seconds"]["betweenness"], out["values"]["betweenness"] = timed(lambda: g.betweenness(directed=False), "betweenness")
    if a.sources:
        with open(a.sources) as f:
            sources = [int(x) for x in f.read().split()]
        try:
            secs, vals, core = subset_betweenness(a.n, edges, sources)
            out["seconds"]["betweenness_subset"], out["values"]["betweenness_subset"] = secs, vals
            out["igraph_c_core"] = core
        except OSError as e:
            out["betweenness_subset_error"] = f"libigraph3 (Debian) not loadable: {e}"
    out["seconds"]["pagerank"], out["values"]["pagerank"] = timed(lambda: g.pagerank(damping=0.85, weights=strength), "pagerank")
    out["seconds"]["constraint"], out["values"]["constraint"] = timed(lambda: g.constraint(weights=strength), "constraint")
    out["cpu_seconds"] = CPU
    with open(a.out, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
