-- wrk script: one request per connection when CLOSE=1 (connections/s), keep-alive otherwise;
-- at the end one line of exact numbers for compare.py:
-- "requests <n> seconds <s> bytes <b> p50_us <x> p99_us <y> errors <e>"
if os.getenv("CLOSE") == "1" then
    wrk.headers["Connection"] = "close"
end

function done(summary, latency, requests)
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                   summary.errors.status + summary.errors.timeout
    io.write(string.format("requests %d seconds %.6f bytes %d p50_us %d p99_us %d errors %d\n",
        summary.requests, summary.duration / 1e6, summary.bytes,
        latency:percentile(50), latency:percentile(99), errors))
end
