-- queries.lua: wrk script for tracuu's load benchmark.  Each request
-- searches the next query of tests/bench/queries.txt (real queries, with
-- and without diacritics), so the server sees a mix, not one cached query.
-- queries, n and the functions are global: tests/load/soak.lua takes
-- them with dofile and fills queries its own way
queries = {}
n = 0

function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  local path = args[1] or "tests/bench/queries.txt"
  for line in io.lines(path) do
    if #line > 0 then
      table.insert(queries, "/api/search?limit=10&q=" .. urlencode(line))
    end
  end
  -- every thread starts at a different place in the list
  n = math.random(#queries)
end

function request()
  n = n % #queries + 1
  return wrk.format("GET", queries[n])
end

function done(summary, latency, requests)
  io.write(string.format(
    "JSON p50_ms=%.3f p99_ms=%.3f rps=%.1f errors=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout, summary.errors.status))
end
