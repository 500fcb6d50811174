namespace Roaming.Tokens;
