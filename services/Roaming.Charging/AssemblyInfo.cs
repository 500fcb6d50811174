namespace Roaming.Charging;
