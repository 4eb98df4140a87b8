namespace Raft3D.Server.Security;

/// <summary>What an API key may do. Ordered: a stronger role may do everything a weaker one may.</summary>
public enum ApiRole
{
    Read = 1,
    Write = 2,
    Admin = 3,
}
