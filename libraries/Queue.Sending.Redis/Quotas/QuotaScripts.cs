namespace Queue.Sending.Quotas;

/// <summary>
/// The Lua run by Redis for every reservation. Rolling limits keep a log (a sorted set scored by time, one
/// member "reservation|recipients" per message) and a running recipient sum, trimmed as entries age out, so
/// the count is exact for any window ending now and the answer can name the exact instant room frees up.
/// Calendar limits keep one counter per period. Every key is passed in KEYS and shares one hash tag.
/// </summary>
static class QuotaScripts
{
    // KEYS[1] reservation record; per limit i: KEYS[2i] log or counter, KEYS[2i+1] recipient sum; KEYS[2n+2] the
    // account's waiting requests (a hash: request id -> "recipients;due ms;stale ms").
    // ARGV: recipients, reservation member, record ttl ms, limit count, request id, waiter grace ms, then per limit:
    //   mode (0 rolling, 1 calendar), window ms, message cap, recipient cap (-1: none), n, n period starts.
    // Returns {1, now} granted (also when this reservation exists already), {0, retry-at ms, limit, size} denied
    // (size 1: a one-recipient message would fit now, so this request waits for its size alone and is now a waiting
    // request), {2, now, limit} too large for the limit, {3, now, limit} no calendar period holds Redis's time,
    // {4, now, limit, total, logged} a rolling window's running total was below what its log holds (now repaired;
    // checked cheaply, as fewer recipients than messages, so a reservation stays O(log n)).
    //
    // Waiting requests are how a large request is not starved while smaller ones go ahead: once its retry time has
    // come, every other reservation of the account must leave room for it as well.
    public const string Reserve = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if redis.call('EXISTS', KEYS[1]) == 1 then return {1, now, 0} end
        local rcpt, member, ttl, n = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
        local self, grace = ARGV[5], tonumber(ARGV[6])
        local waiting = KEYS[2 * n + 2]
        local function units(entry) return tonumber(string.match(entry, '|(%d+)$')) end
        local aheadm, aheadr = 0, 0
        local w = redis.call('HGETALL', waiting)
        for k = 1, #w, 2 do
          local wr, due, stale = string.match(w[k + 1], '^(%d+);(%d+);(%d+)$')
          if stale == nil or tonumber(stale) < now then
            redis.call('HDEL', waiting, w[k])
          elseif w[k] ~= self and tonumber(due) <= now then
            aheadm = aheadm + 1
            aheadr = aheadr + tonumber(wr)
          end
        end
        local a, limits, retry, denied, small = 7, {}, 0, 0, true
        for i = 1, n do
          local l = { mode = tonumber(ARGV[a]), size = tonumber(ARGV[a + 1]), key = KEYS[2 * i], sum = KEYS[2 * i + 1] }
          local capm, capr, nb = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
          local bounds = {}
          for j = 1, nb do bounds[j] = tonumber(ARGV[a + 4 + j]) end
          a = a + 5 + nb
          if capr >= 0 and rcpt > capr then return {2, now, i} end
          local at = 0
          local wantm, wantr = 1 + aheadm, rcpt + aheadr
          if l.mode == 0 then
            local expired = redis.call('ZRANGEBYSCORE', l.key, '-inf', now - l.size)
            if #expired > 0 then
              local gone = 0
              for _, e in ipairs(expired) do gone = gone + units(e) end
              redis.call('ZREMRANGEBYSCORE', l.key, '-inf', now - l.size)
              redis.call('DECRBY', l.sum, gone)
            end
            local m = redis.call('ZCARD', l.key)
            local r = tonumber(redis.call('GET', l.sum) or '0')
            if r < m then
              -- Every entry has a recipient at least, so the total lags its log (lost, or decremented twice): the
              -- log, which holds each entry's recipients, is the truth. Deny this once, so the caller logs it.
              local logged = 0
              for _, e in ipairs(redis.call('ZRANGE', l.key, 0, -1)) do logged = logged + units(e) end
              redis.call('SET', l.sum, logged, 'PX', l.size + 60000)
              return {4, now, i, r, logged}
            end
            if capm >= 0 and m + wantm > capm then
              local idx = m + wantm - capm - 1
              if idx < m then
                local e = redis.call('ZRANGE', l.key, idx, idx, 'WITHSCORES')
                at = tonumber(e[2]) + l.size
              else
                at = now + l.size
              end
            end
            if capr >= 0 and r + wantr > capr then
              local need, freed, from = r + wantr - capr, 0, 0
              while freed < need do
                local batch = redis.call('ZRANGE', l.key, from, from + 99, 'WITHSCORES')
                if #batch == 0 then at = math.max(at, now + l.size); break end
                for k = 1, #batch, 2 do
                  freed = freed + units(batch[k])
                  if freed >= need then
                    at = math.max(at, tonumber(batch[k + 1]) + l.size)
                    break
                  end
                end
                from = from + 100
              end
            end
            if (capm >= 0 and m + 1 + aheadm > capm) or (capr >= 0 and r + 1 + aheadr > capr) then small = false end
          else
            for j = 1, nb - 1 do
              if bounds[j] <= now and now < bounds[j + 1] then l.start = bounds[j]; l.stop = bounds[j + 1] end
            end
            if not l.start then return {3, now, i} end
            local v = redis.call('HMGET', l.key, 'p', 'm', 'r')
            local m, r = 0, 0
            if tonumber(v[1]) == l.start then m = tonumber(v[2]) or 0; r = tonumber(v[3]) or 0 end
            if (capm >= 0 and m + wantm > capm) or (capr >= 0 and r + wantr > capr) then at = l.stop end
            if (capm >= 0 and m + 1 + aheadm > capm) or (capr >= 0 and r + 1 + aheadr > capr) then small = false end
          end
          if at > retry then retry = at; denied = i end
          limits[i] = l
        end
        if denied > 0 then
          if small and rcpt > 1 then
            redis.call('HSET', waiting, self, rcpt .. ';' .. retry .. ';' .. (retry + grace))
            redis.call('PEXPIRE', waiting, retry + grace - now)
            return {0, retry, denied, 1}
          end
          return {0, retry, denied, 0}
        end
        redis.call('HDEL', waiting, self)
        local record = {}
        for i = 1, n do
          local l = limits[i]
          if l.mode == 0 then
            redis.call('ZADD', l.key, now, member .. '|' .. rcpt)
            redis.call('INCRBY', l.sum, rcpt)
            redis.call('PEXPIRE', l.key, l.size + 60000)
            redis.call('PEXPIRE', l.sum, l.size + 60000)
            record[i] = 'r'
          else
            if tonumber(redis.call('HGET', l.key, 'p')) == l.start then
              redis.call('HINCRBY', l.key, 'm', 1)
              redis.call('HINCRBY', l.key, 'r', rcpt)
            else
              redis.call('HSET', l.key, 'p', l.start, 'm', 1, 'r', rcpt)
            end
            redis.call('PEXPIREAT', l.key, l.stop + 60000)
            record[i] = string.format('%d', l.start)
          end
        end
        redis.call('SET', KEYS[1], rcpt .. ';' .. table.concat(record, ','), 'PX', ttl)
        return {1, now, 0}
        """;

    // Same KEYS as Reserve; ARGV[1] the reservation member. Gives back what the reservation took, where it
    // still counts (a calendar period that has ended is left alone).
    public const string Refund = """
        local record = redis.call('GET', KEYS[1])
        if not record then return 0 end
        local rcpt, taken = string.match(record, '^(%d+);(.*)$')
        rcpt = tonumber(rcpt)
        local i = 1
        for part in string.gmatch(taken, '[^,]+') do
          local key, sum = KEYS[2 * i], KEYS[2 * i + 1]
          if part == 'r' then
            if redis.call('ZREM', key, ARGV[1] .. '|' .. rcpt) == 1 then redis.call('DECRBY', sum, rcpt) end
          elseif redis.call('HGET', key, 'p') == part then
            redis.call('HINCRBY', key, 'm', -1)
            redis.call('HINCRBY', key, 'r', -rcpt)
          end
          i = i + 1
        end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    // Same KEYS as Reserve (without the waiting requests); ARGV[1] the reservation member, then per limit its window
    // in ms. Re-stamps the reservation's entries in the rolling
    // logs with the time the SMTP server answered: the provider counts the message when it accepts it, which
    // is later than the reservation, so the window must run from then. Entries already aged out stay out.
    public const string Confirm = """
        local record = redis.call('GET', KEYS[1])
        if not record then return 0 end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local rcpt, taken = string.match(record, '^(%d+);(.*)$')
        local i = 1
        for part in string.gmatch(taken, '[^,]+') do
          if part == 'r' and redis.call('ZADD', KEYS[2 * i], 'XX', 'CH', now, ARGV[1] .. '|' .. rcpt) == 1 then
            -- The entry now lives until now + window: its keys must too (ARGV[1 + i] is the window in ms).
            local keep = tonumber(ARGV[1 + i]) + 60000
            for _, key in ipairs({KEYS[2 * i], KEYS[2 * i + 1]}) do
              if redis.call('PTTL', key) < keep then redis.call('PEXPIRE', key, keep) end
            end
          end
          i = i + 1
        end
        return 1
        """;

    // KEYS: per limit i, KEYS[2i-1] log or counter and KEYS[2i] recipient sum. ARGV: limit count, then per limit:
    // mode, window ms, n, n period starts. Returns {now, then per limit: messages, recipients, frees-at ms}, where
    // frees-at is when the oldest counted message leaves a rolling window, or when a calendar period ends.
    public const string Usage = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local out, a = {now}, 2
        for i = 1, tonumber(ARGV[1]) do
          local mode, size, nb = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
          local bounds = {}
          for j = 1, nb do bounds[j] = tonumber(ARGV[a + 2 + j]) end
          a = a + 3 + nb
          local key = KEYS[2 * i - 1]
          local m, r, frees = 0, 0, 0
          if mode == 0 then
            local entries = redis.call('ZRANGEBYSCORE', key, '(' .. (now - size), '+inf', 'WITHSCORES')
            for k = 1, #entries, 2 do
              m = m + 1
              r = r + tonumber(string.match(entries[k], '|(%d+)$'))
              if k == 1 then frees = tonumber(entries[2]) + size end
            end
          else
            for j = 1, nb - 1 do
              if bounds[j] <= now and now < bounds[j + 1] then
                frees = bounds[j + 1]
                local v = redis.call('HMGET', key, 'p', 'm', 'r')
                if tonumber(v[1]) == bounds[j] then m = tonumber(v[2]) or 0; r = tonumber(v[3]) or 0 end
              end
            end
          end
          out[#out + 1] = m
          out[#out + 1] = r
          out[#out + 1] = frees
        end
        return out
        """;
}
