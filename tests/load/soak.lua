-- soak.lua: wrk script for tests/load/soak.sh.  Each request takes the
-- next real query of tests/bench/queries.txt on the next of the routes a
-- portal and the search page call (search with facets and filters, the
-- feeds, suggestions, a page past the first, a document), so that every
-- handler runs under load; the answer cache is off in the soak, so every
-- answer is computed.
dofile("tests/load/queries.lua")  -- urlencode, request, done

function init(args)
  local i = 0
  for line in io.lines(args[1]) do
    if #line > 0 then
      local q = urlencode(line)
      i = i + 1
      local k = i % 6
      if k == 0 then
        table.insert(queries, "/api/search?limit=10&facets=1&q=" .. q)
      elseif k == 1 then
        table.insert(queries, "/search.atom?q=" .. q)
      elseif k == 2 then
        table.insert(queries, "/search.rss?limit=20&q=" .. q)
      elseif k == 3 then
        table.insert(queries, "/api/suggest?q=" .. urlencode(line:sub(1, 6)))
      elseif k == 4 then
        table.insert(queries,
                     "/api/search?limit=10&offset=30&sort=date&q=" .. q)
      else
        table.insert(queries, "/api/search?limit=10&q=" .. q)
      end
    end
  end
  table.insert(queries, "/api/doc/002_74ba2798a88be1b9.txt")
  table.insert(queries, "/healthz")
  n = math.random(#queries)
end
