namespace Roaming.Network;
