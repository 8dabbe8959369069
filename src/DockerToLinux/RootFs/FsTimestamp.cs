namespace DockerToLinux.RootFs;

/// <summary>
/// A point in time as Unix seconds (negative before 1970) plus nanoseconds, the resolution of ext4's
/// extra time fields. Tar's PAX mtime carries fractions; ustar only whole seconds.
/// </summary>
/// <param name="Seconds">Seconds since 1970-01-01 UTC.</param>
/// <param name="Nanoseconds">0 to 999 999 999.</param>
internal readonly record struct FsTimestamp(long Seconds, int Nanoseconds)
{
    /// <summary>Converts a <see cref="DateTimeOffset"/>, keeping its sub-second part to 100 ns.</summary>
    public static FsTimestamp FromDateTimeOffset(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }
        return new FsTimestamp(seconds, (int)(rest * 100));
    }
}
