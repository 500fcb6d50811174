namespace Roaming.Contracts;
