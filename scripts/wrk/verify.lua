-- Sends POST /verify with the bodies in the file named by the environment variable VERIFY_BODIES, one JSON
-- object per line, in turn. Each wrk thread starts at a different line so the threads do not send in step.
dofile(os.getenv("WRK_REPORT_SCRIPT"))

local bodies = {}
local next_index = 1

init = function(args)
    for line in io.lines(os.getenv("VERIFY_BODIES")) do
        bodies[#bodies + 1] = line
    end
    next_index = (math.floor(os.clock() * 1000000) % #bodies) + 1
end

request = function()
    local body = bodies[next_index]
    next_index = next_index % #bodies + 1
    return wrk.format("POST", "/verify", {["Content-Type"] = "application/json"}, body)
end
