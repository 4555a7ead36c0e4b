/// The `wrk` script of `tktplz bench http`: every request holds one fresh seat as a fresh customer, so each is a
/// plain new hold (never a conflict, never a replaced hold). Threads and requests interleave over one sequence
/// of numbers: request k of thread t is number k·threads + t. Arguments: tokens file, mode (`echo`, `hot`,
/// `spread`), show prefix, number of threads (of every wrk running at once), number of spread shows, and the
/// number of this wrk's first thread (when several wrk drive several nodes).
enum HoldScript {
    static let lua = """
    local threads = {}
    function setup(thread)
      thread:set("tid", #threads)
      table.insert(threads, thread)
    end
    function init(args)
      tokens = {}
      for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
      mode = args[2]
      prefix = args[3]
      nthreads = tonumber(args[4])
      shows = tonumber(args[5])
      counter = 0
      first = tonumber(args[6] or "0")
    end
    function request()
      local i = counter * nthreads + tid + first
      counter = counter + 1
      local token = tokens[(i % #tokens) + 1]
      local show, seat, path
      if mode == "spread" then
        show = prefix .. "-" .. (i % shows)
        seat = "S" .. math.floor(i / shows)
      elseif mode == "unrouted" then
        local q = math.floor(i / nthreads)
        show = prefix .. "-" .. (q % shows)
        seat = "S" .. (math.floor(q / shows) * nthreads + i % nthreads)
      else
        show = prefix .. "-hot"
        seat = "S" .. i
      end
      path = mode == "echo" and "/dev/echo" or "/api/booking/hold"
      local body = '{"eventId":"' .. show .. '","seats":["' .. seat .. '"]}'
      return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
    end
    """
}
