-- wrk script for the cold crawl: every path of a list requested once, then stop.
-- Arguments: the list's file (one path a line) and wrk's thread count. Thread i of n takes the
-- lines i, i + n, ... ; its connections take the next line in turn. Once a thread's share is
-- all sent, its connections wait (delay) instead of asking again, and the thread stops when the
-- share's last response is in. wrk itself runs for its -d whatever its threads do, so each
-- thread prints CRAWL-DONE as it stops and bench/run.py interrupts wrk once every thread has.
-- wrk calls request() once on its first thread to check it, before any connection: that call
-- takes no path. A connection that finds the list empty only when its turn comes asks for
-- /robots.txt, which the page cache ignores (no X-Page-Cache header): not counted as a page.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  paths, sent, pages, not_cold, failures = {}, 0, 0, 0, 0
  checked = id ~= 0
  local line_number = 0
  for line in io.lines(file) do
    if line_number % nthreads == id then
      table.insert(paths, line)
    end
    line_number = line_number + 1
  end
  if #paths == 0 then
    finish()
  end
end

function finish()
  io.write("CRAWL-DONE\n")
  io.stdout:flush()
  wrk.thread:stop()
end

function delay()
  if sent < #paths then
    return 0
  end
  return 60000
end

function request()
  if not checked then
    checked = true
  elseif sent < #paths then
    sent = sent + 1
    return wrk.format("GET", paths[sent])
  end
  return wrk.format("GET", "/robots.txt")
end

function response(status, headers, body)
  local outcome = headers["X-Page-Cache"]
  if outcome == nil then
    return
  end
  pages = pages + 1
  if outcome ~= "miss" then
    not_cold = not_cold + 1
  end
  if status ~= 200 then
    failures = failures + 1
  end
  if pages == #paths then
    finish()
  end
end

function done(summary, latency, requests)
  local pages_all, not_cold_all, failed = 0, 0, 0
  for _, thread in ipairs(threads) do
    pages_all = pages_all + thread:get("pages")
    not_cold_all = not_cold_all + thread:get("not_cold")
    failed = failed + thread:get("failures")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH pages=%d seconds=%.2f rps=%.1f p50=%.2f p95=%.2f p99=%.2f not_cold=%d errors=%d\n",
    pages_all, seconds, pages_all / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    not_cold_all, failed + errors))
end
