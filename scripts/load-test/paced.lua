-- Fixed-rate load with latency measured from the INTENDED send time (coordinated omission
-- corrected, as wrk2 does), for Debian's wrk 4.1 (LuaJIT). Used by scripts/load-test.sh.
--
-- Every wrk thread drives exactly one connection (run wrk with -t N -c N) on a schedule of
-- its own: request k of thread i is due at start + phase_i + k / rate_per_connection. After
-- each answer, delay() waits until the next request is due (0 when behind). The latency of a
-- request is answer time - due time; when the server stalls, the requests that should have
-- gone out meanwhile are sent back to back afterwards and each is charged from its due time,
-- so a stall shows in the percentiles instead of hiding behind the one request that waited.
-- The uncorrected latency (answer time - actual send time, what plain wrk reports) is kept
-- too, so the two can be compared.
--
-- Environment: RAMPART_LT_RATE (requests per second, all threads together; required),
-- RAMPART_LT_CONNECTIONS (= wrk -c), RAMPART_LT_OUT (where done() writes the JSON summary),
-- RAMPART_LT_USER_PREFIX (user ids are PREFIX-<thread>-<n>: a new user every request),
-- RAMPART_LT_USERS (if set, N returning users PREFIX-u<0..N-1> instead).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } rampart_timespec;
int clock_gettime(int clk_id, rampart_timespec *tp);
]]
local ts = ffi.new("rampart_timespec")
local function now_us()
   ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC: shared by all threads of the process
   return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
local interval_us, start_us, sent, due_us, sent_at_us
-- Globals, not locals: done() reads them with thread:get().
corrected, uncorrected, statuses, errors = {}, {}, {}, 0
local prefix, users, base_path

function init(args)
   local rate = tonumber(os.getenv("RAMPART_LT_RATE") or "")
   local connections = tonumber(os.getenv("RAMPART_LT_CONNECTIONS") or "1")
   if not rate or rate <= 0 then error("RAMPART_LT_RATE must be a positive number") end
   interval_us = 1000000 * connections / rate
   -- Spread the connections' schedules evenly over one interval.
   start_us = now_us() + interval_us * (id / connections)
   sent = 0
   prefix = os.getenv("RAMPART_LT_USER_PREFIX") or "lt"
   users = tonumber(os.getenv("RAMPART_LT_USERS") or "")
   base_path = wrk.path
   if base_path == nil or base_path == "" then base_path = "/" end
end

function request()
   due_us = start_us + sent * interval_us
   sent = sent + 1
   local user
   if users and users > 0 then
      user = prefix .. "-u" .. math.random(0, users - 1)
   else
      user = prefix .. "-" .. id .. "-" .. sent
   end
   local sep = "?"
   if string.find(base_path, "?", 1, true) then sep = "&" end
   sent_at_us = now_us()
   return wrk.format("GET", base_path .. sep .. "user=" .. user)
end

function delay()
   -- Milliseconds until the next request is due; 0 when the schedule is behind.
   local next_due = start_us + sent * interval_us
   local wait = (next_due - now_us()) / 1000
   if wait < 0 then return 0 end
   return wait
end

function response(status, headers, body)
   local t = now_us()
   if due_us == nil then return end
   -- A request may be sent before it is due only by the first one (scheduled at start).
   local from = math.min(due_us, sent_at_us)
   table.insert(corrected, (t - from) / 1000)
   table.insert(uncorrected, (t - sent_at_us) / 1000)
   statuses[status] = (statuses[status] or 0) + 1
   if status >= 400 then errors = errors + 1 end
end

local function percentile(sorted, p)
   -- Nearest rank: the smallest value with at least p of the values at or below it.
   local n = #sorted
   if n == 0 then return nil end
   local rank = math.ceil(p * n)
   if rank < 1 then rank = 1 end
   return sorted[rank]
end

local function num(x)
   if x == nil then return "null" end
   return string.format("%.3f", x)
end

function done(summary, latency, requests)
   local all_c, all_u, codes, http_errors = {}, {}, {}, 0
   for _, thread in ipairs(threads) do
      for _, v in ipairs(thread:get("corrected") or {}) do table.insert(all_c, v) end
      for _, v in ipairs(thread:get("uncorrected") or {}) do table.insert(all_u, v) end
      for code, n in pairs(thread:get("statuses") or {}) do codes[code] = (codes[code] or 0) + n end
      http_errors = http_errors + (thread:get("errors") or 0)
   end
   table.sort(all_c)
   table.sort(all_u)
   local e = summary.errors
   local socket_errors = e.connect + e.read + e.write + e.timeout
   local seconds = summary.duration / 1000000
   local parts = {}
   for code, n in pairs(codes) do table.insert(parts, string.format('"%d": %d', code, n)) end
   local out = string.format(
      '{"answers": %d, "duration_s": %.3f, "achieved_rps": %.3f, "http_errors": %d, "socket_errors": %d,'
      .. ' "status_counts": {%s},'
      .. ' "corrected_ms": {"p50": %s, "p90": %s, "p95": %s, "p99": %s, "p999": %s, "max": %s},'
      .. ' "uncorrected_ms": {"p50": %s, "p90": %s, "p95": %s, "p99": %s, "p999": %s, "max": %s},'
      .. ' "wrk_latency_ms": {"p50": %s, "p95": %s, "p99": %s, "max": %s}}',
      #all_c, seconds, #all_c / seconds, http_errors, socket_errors, table.concat(parts, ", "),
      num(percentile(all_c, 0.50)), num(percentile(all_c, 0.90)), num(percentile(all_c, 0.95)),
      num(percentile(all_c, 0.99)), num(percentile(all_c, 0.999)), num(all_c[#all_c]),
      num(percentile(all_u, 0.50)), num(percentile(all_u, 0.90)), num(percentile(all_u, 0.95)),
      num(percentile(all_u, 0.99)), num(percentile(all_u, 0.999)), num(all_u[#all_u]),
      num(latency:percentile(50) / 1000), num(latency:percentile(95) / 1000),
      num(latency:percentile(99) / 1000), num(latency.max / 1000))
   local path = os.getenv("RAMPART_LT_OUT")
   if path and path ~= "" then
      local f = assert(io.open(path, "w"))
      f:write(out, "\n")
      f:close()
   else
      io.write(out, "\n")
   end
end
