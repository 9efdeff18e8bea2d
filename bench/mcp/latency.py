#!/usr/bin/env python3
"""Median latency of each MCP tool against a running server, and the MCP layer's overhead on one GraphQL document
(graphql_query vs POST /graphql with the same document and variables, each variable used once so the response cache
cannot answer). Usage: bench/mcp/latency.py [http://127.0.0.1:5320] — against a store made by `generate` (keys
official-N, meeting-N, source-N). Not a test: the figures depend on the machine; quote `uptime`'s load with them."""
import json, statistics, sys, time, urllib.request
BASE=sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5320"
def post(path, body, accept):
    req=urllib.request.Request(BASE+path, data=json.dumps(body).encode(), headers={"Content-Type":"application/json","Accept":accept})
    t=time.perf_counter(); r=urllib.request.urlopen(req).read(); return time.perf_counter()-t, r
def mcp(name, args):
    return post("/mcp", {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":name,"arguments":args}}, "application/json, text/event-stream")
Q="query($k: String!) { officials(where: { key: { eq: $k } }) { nodes { key name title sources { locator inferred note source { key title publishedOn } } } } }"
res={}
for i in range(3): mcp("get_entity",{"key":"official-100"}); post("/graphql",{"query":Q,"variables":{"k":f"official-{100+i}"}},"application/json")
def run(label, f):
    ts=[]; size=0
    for i in range(1,41):
        t,r=f(i); ts.append(t*1000); size=len(r)
        if b'"isError":true' in r: print(label, "ERROR", r[:300]); break
    res[label]=statistics.median(ts); print(f"{label}: median {statistics.median(ts):.1f} ms, last answer {size} bytes")
run("graphql direct (officials by key)", lambda i: post("/graphql",{"query":Q,"variables":{"k":f"official-{i}"}},"application/json"))
run("mcp graphql_query (same document)", lambda i: mcp("graphql_query",{"query":Q,"variables":{"k":f"official-{i}"}}))
run("mcp search_entities", lambda i: mcp("search_entities",{"text":["China trade","Rahman","gold Poland","United States talks"][i%4],"first":10}))
run("mcp get_entity (first 25)", lambda i: mcp("get_entity",{"key":f"official-{i}"}))
run("mcp neighbourhood (hops 2, first 50)", lambda i: mcp("neighbourhood",{"key":f"meeting-{i}","hops":2,"first":50}))
run("mcp shortest_paths (k 3)", lambda i: mcp("shortest_paths",{"from":f"official-{i}","to":f"official-{i+50}","k":3}))
run("mcp source_facts (first 50)", lambda i: mcp("source_facts",{"source":f"source-{i}","first":50}))
print("ratio mcp graphql_query / direct:", round(res["mcp graphql_query (same document)"]/res["graphql direct (officials by key)"],2))
