using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>
/// Answers a registry's <c>WWW-Authenticate</c> challenge: for Bearer, fetches a token for the scopes from the
/// realm (anonymously, or with Basic credentials when there are some); for Basic, sends the credentials.
/// </summary>
/// <param name="http">The client that reaches the token service.</param>
/// <param name="reference">The registry, for messages.</param>
/// <param name="input">The image as the user named it, for messages.</param>
/// <param name="credentials">The login, or null for anonymous access.</param>
/// <param name="scopes">The token scopes, such as <c>repository:REPO:pull</c>; a push asks for <c>pull,push</c>.</param>
internal sealed class RegistryAuthenticator(HttpClient http, RegistryReference reference, string input, RegistryCredentials? credentials,
    IReadOnlyList<string> scopes)
{
    private const int MaxTokenResponseBytes = Units.MiB;

    /// <summary>The <c>Authorization</c> header value to send to the registry from now on.</summary>
    /// <exception cref="D2lException">The challenge cannot be answered or the token service refused.</exception>
    public async Task<string> AuthorizeAsync(AuthChallenge? challenge, CancellationToken cancellationToken)
    {
        if (challenge is null || !challenge.IsBearer)
        {
            return credentials is not null
                ? $"Basic {credentials.ToBasic()}"
                : throw D2lException.BadSetting(Setting.Credentials, $"{input}: registry {reference.Host} requires a login (401 Unauthorized): give credentials USER:PASSWORD or run docker login");
        }
        string realm = challenge["realm"] ?? throw D2lException.BadInput(input, $"registry {reference.Host} sent a Bearer challenge without a realm");
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("http" or "https"))
        {
            throw D2lException.BadInput(input, $"registry {reference.Host} names an invalid token realm '{realm}'");
        }
        var query = new List<string>();
        if (challenge["service"] is { } service)
        {
            query.Add($"service={Uri.EscapeDataString(service)}");
        }
        query.AddRange(scopes.Select(scope => $"scope={Uri.EscapeDataString(scope)}"));
        var builder = new UriBuilder(realmUri);
        builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?') }.Where(part => part.Length > 0).Concat(query));
        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.ToBasic());
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken) || error is HttpRequestException)
        {
            throw D2lException.BadInput(input, $"cannot reach the token service {realmUri.Authority} ({RegistryClient.Describe(error)})", error);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw D2lException.BadInput(input, $"the token service {realmUri.Authority} refused "
                    + (credentials is null ? "anonymous access" : $"the credentials of '{credentials.Username}'")
                    + $" ({(int)response.StatusCode} {response.ReasonPhrase})");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw D2lException.BadInput(input, $"the token service {realmUri.Authority} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > MaxTokenResponseBytes)
            {
                throw D2lException.BadInput(input, $"the token service {realmUri.Authority} sent an oversized answer");
            }
            try
            {
                using var document = JsonDocument.Parse(body);
                string? token = document.RootElement.String("token") ?? document.RootElement.String("access_token");
                return !string.IsNullOrEmpty(token)
                    ? $"Bearer {token}"
                    : throw D2lException.BadInput(input, $"the token service {realmUri.Authority} sent no token");
            }
            catch (JsonException error)
            {
                throw D2lException.BadInput(input, $"the token service {realmUri.Authority} sent invalid JSON", error);
            }
        }
    }
}
