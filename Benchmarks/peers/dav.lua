-- wrk script for the peer benchmark (Benchmarks/peers/bench.py drives it).
-- Run with one connection per thread (-tC -cC): every thread then owns one keep-alive connection
-- and its requests and responses alternate, which the PUT-with-If-Match mode relies on.
--
-- Environment (set by bench.py):
--   BENCH_MODE     static | create | ifmatch
--   BENCH_METHOD   HTTP method (static)
--   BENCH_PATH     request path (static), path prefix (create)
--   BENCH_BODY     file holding the request body (static), or the body template (create, ifmatch)
--                  in which @UID@ and @N@ are replaced per request
--   BENCH_HEADERS  extra headers, "Name: value" separated by "\n"
--   BENCH_EXPECT   accepted status codes, comma separated; anything else is an error
--   BENCH_HREFS / BENCH_ETAGS / BENCH_UIDS   "|" separated, one per thread (ifmatch)
--   BENCH_RUN      a run tag, so that objects created by different runs never collide (create)
-- done() prints one line "BENCHJSON {...}" with the totals, read by bench.py.

local function split(text, separator)
  local out = {}
  if text == nil or text == "" then return out end
  for piece in string.gmatch(text, "([^" .. separator .. "]+)") do table.insert(out, piece) end
  return out
end

local function read_file(path)
  if path == nil or path == "" then return nil end
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

local mode = os.getenv("BENCH_MODE") or "static"
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = read_file(os.getenv("BENCH_BODY"))
local run_tag = os.getenv("BENCH_RUN") or "r"

local base_headers = {}
for _, line in ipairs(split(os.getenv("BENCH_HEADERS"), "\n")) do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then base_headers[name] = value end
end

expected = {}
for _, code in ipairs(split(os.getenv("BENCH_EXPECT") or "200", ",")) do
  expected[tonumber(code)] = true
end

-- Thread bookkeeping (runs in the main Lua state).
local threads = {}
local next_id = 0
local hrefs = split(os.getenv("BENCH_HREFS"), "|")
local etags = split(os.getenv("BENCH_ETAGS"), "|")
local uids = split(os.getenv("BENCH_UIDS"), "|")

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  thread:set("href", hrefs[next_id] or "")
  thread:set("etag", etags[next_id] or "")
  thread:set("uid", uids[next_id] or "")
  table.insert(threads, thread)
end

-- Per-thread state (each thread has its own Lua state).
bad = 0
bad_status = ""
counter = 0
refetches = 0
refetching = false

function init(args)
  if mode == "static" then
    wrk.method = method
    wrk.path = path
    wrk.body = body
    for name, value in pairs(base_headers) do wrk.headers[name] = value end
    static_request = wrk.format(method, path, base_headers, body)
  end
end

local function headers_with(extra)
  local h = {}
  for name, value in pairs(base_headers) do h[name] = value end
  for name, value in pairs(extra) do h[name] = value end
  return h
end

function request()
  if mode == "static" then
    return static_request
  end
  counter = counter + 1
  if mode == "create" then
    local uid = "bench-" .. run_tag .. "-" .. id .. "-" .. counter
    local text = string.gsub(string.gsub(body, "@UID@", uid), "@N@", tostring(counter))
    return wrk.format("PUT", path .. uid .. ".ics", headers_with({["If-None-Match"] = "*"}), text)
  end
  -- ifmatch: update this thread's own object, always with the ETag of the previous answer;
  -- after an answer without one (a 412), GET the object once to learn its ETag again.
  if etag == "" then
    refetching = true
    return wrk.format("GET", href, headers_with({}), nil)
  end
  refetching = false
  local text = string.gsub(string.gsub(body, "@UID@", uid), "@N@", tostring(counter))
  return wrk.format("PUT", href, headers_with({["If-Match"] = etag}), text)
end

function response(status, headers, response_body)
  if refetching and status == 200 then
    refetches = refetches + 1
  elseif not expected[status] then
    bad = bad + 1
    if bad_status == "" then bad_status = tostring(status) end
  end
  if mode == "ifmatch" then
    local found = nil
    for name, value in pairs(headers) do
      if string.lower(name) == "etag" then found = value end
    end
    if found then etag = found else etag = "" end
  end
end

function done(summary, latency, requests)
  local total_bad = 0
  local statuses = {}
  for _, thread in ipairs(threads) do
    total_bad = total_bad + (thread:get("bad") or 0)
    local s = thread:get("bad_status")
    if s and s ~= "" then statuses[s] = true end
  end
  local list = {}
  for s, _ in pairs(statuses) do table.insert(list, '"' .. s .. '"') end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bad": %d, "bad_statuses": [%s], ' ..
    '"socket_errors": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, total_bad, table.concat(list, ","),
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
