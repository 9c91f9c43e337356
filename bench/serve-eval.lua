-- wrk script for `make bench-serve`: POST one decided case (examples/multi-year-contract.yaml as
-- JSON) to /v1/eval on every request. With BENCH_STOP_AFTER=N each wrk thread stops after N
-- answers (so `-t2` sends about 2N requests), for the RSS checkpoints.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BENCH_BODY") or ".build/bench-serve-body.json", "r"))
wrk.body = f:read("*a")
f:close()

local stop_after = tonumber(os.getenv("BENCH_STOP_AFTER") or "0")
local answered = 0

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
  answered = answered + 1
  if stop_after > 0 and answered >= stop_after then
    wrk.thread:stop()
  end
end
