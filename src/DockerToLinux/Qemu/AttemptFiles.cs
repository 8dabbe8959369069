using System.Text;

namespace DockerToLinux.Qemu;

/// <summary>
/// The scratch files of one QEMU run: the firmware's debug log (SeaBIOS writes it through the debugcon
/// port, which is how a boot that never reaches the serial console is still diagnosed) and, under UEFI, a
/// copy of OVMF's variable store, so each attempt starts from the empty store whatever the last one wrote.
/// Both are deleted when the run is over.
/// </summary>
internal sealed class AttemptFiles : IDisposable
{
    private AttemptFiles(string firmwareLog, string? ovmfVars, string controlSocket)
    {
        FirmwareLog = firmwareLog;
        OvmfVars = ovmfVars;
        ControlSocket = controlSocket;
    }

    /// <summary>Where an app VM's control channel listens (made only for an app VM).</summary>
    public string ControlSocket { get; }

    /// <summary>Where the firmware's log goes.</summary>
    public string FirmwareLog { get; }

    /// <summary>The run's own OVMF variable store, or null under BIOS.</summary>
    public string? OvmfVars { get; }

    /// <summary>Picks the names and copies the variable store the options call for.</summary>
    public static AttemptFiles Create(BootOptions options)
    {
        string temp = Path.GetTempPath();
        string log = Path.Combine(temp, $"d2l-seabios-{Guid.NewGuid():N}.log");
        string? vars = null;
        if (options.Firmware == Firmware.Uefi)
        {
            vars = Path.Combine(temp, $"d2l-ovmf-vars-{Guid.NewGuid():N}.fd");
            File.Copy(options.OvmfVarsTemplatePath, vars);
        }
        return new AttemptFiles(log, vars, Path.Combine(temp, $"d2l-control-{Guid.NewGuid():N}.sock"));
    }

    /// <summary>What the firmware has logged so far ("" before QEMU creates the file).</summary>
    public string ReadFirmwareLog()
    {
        try
        {
            using var file = new FileStream(FirmwareLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(file, Encoding.Latin1);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            // QEMU has not created it yet.
            return "";
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        File.Delete(FirmwareLog);
        if (OvmfVars is not null)
        {
            File.Delete(OvmfVars);
        }
    }
}
