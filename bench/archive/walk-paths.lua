-- wrk script for the archive benchmark: each request asks for the next path
-- of a list (a file, one path a line, given after `--`), as a crawler reads
-- an archive: every request a different page until the list runs out, then
-- from the top again (bench/archive/ reports how many requests were repeats).
-- Headers given with -H are sent with each request (wrk.format uses them).
local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no paths in " .. args[1])
  end
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format(nil, path)
end
