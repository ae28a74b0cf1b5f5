-- wrk script for benches/soak.sh: product pages in turn, no cookie, so every request is a new
-- visitor (a new session, a new provisional id, a ProductViewed of its own). The product ids are
-- read from the file named by PRODUCTS (one a line).
local ids = {}
local n = 0
init = function(args)
  for line in io.lines(os.getenv("PRODUCTS")) do
    n = n + 1
    ids[n] = line
  end
end
local i = 0
request = function()
  i = i % n + 1
  return wrk.format("GET", "/product/" .. ids[i])
end
