-- wrk script for `make bench-serve`: POST one decided case (examples/multi-year-contract.yaml as
-- JSON) to /v1/eval on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BENCH_BODY") or ".build/bench-serve-body.json", "r"))
wrk.body = f:read("*a")
f:close()

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
