-- wrk script: POST /v1/routing/lender-sequence, cycling through the bodies of BODIES_FILE
-- (one JSON body a line), and a JSON summary with latency percentiles at the end.
local bodies = {}
local path = os.getenv("BODIES_FILE")
for line in io.lines(path) do bodies[#bodies + 1] = line end
local counter = 0

request = function()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  return wrk.format("POST", "/v1/routing/lender-sequence",
                    {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_s": %.2f, "rps": %.1f, "errors_connect": %d, ' ..
    '"errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d, ' ..
    '"p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "p999_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
end
