using System.Net;
using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>Turns a failed registry response into one line naming the image, the object and the cause.</summary>
internal static class RegistryErrors
{
    private const int MaxErrorBodyBytes = 16 * Units.KiB;

    /// <summary>The error for <paramref name="response"/>, with the registry's own error message when it sent one.</summary>
    public static async Task<D2lException> FromResponseAsync(HttpResponseMessage response, string input, string what,
        bool hadCredentials, CancellationToken cancellationToken)
    {
        string detail = await RegistryMessageAsync(response, cancellationToken).ConfigureAwait(false);
        string status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        string cause = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => hadCredentials
                ? $"{what}: the registry rejected the credentials ({status})"
                : $"{what}: authentication required ({status}); give credentials USER:PASSWORD or run docker login",
            HttpStatusCode.Forbidden => $"{what}: access denied ({status})",
            HttpStatusCode.NotFound => $"{what} not found ({status})",
            _ => $"{what}: the registry answered {status}",
        };
        // Without credentials, an authentication failure is fixed by giving some: the error blames that setting.
        Setting? blamed = response.StatusCode == HttpStatusCode.Unauthorized && !hadCredentials ? Setting.Credentials : null;
        return new D2lException(FailureKind.BadInput, blamed, $"{input}: " + (detail.Length > 0 ? $"{cause}: {detail}" : cause));
    }

    /// <summary>
    /// The registry's own code and message from an error body ({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest
    /// unknown"}]}), or empty when the body is not such JSON.
    /// </summary>
    public static async Task<string> RegistryMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            int length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (document.RootElement.Child("errors") is { ValueKind: JsonValueKind.Array } errors && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                return string.Join(" ", new[] { first.String("code"), first.String("message") }.OfType<string>());
            }
        }
        catch (Exception error) when (error is JsonException or IOException or HttpRequestException)
        {
            // Not every error body is JSON (proxies, CDNs); the status line says enough then.
        }
        return "";
    }
}
