function Compare-PgFirewallRule {
    <#
    .SYNOPSIS
        What differs between a rule (as Get-PgFirewallRule reports it) and an enabled inbound rule
        allowing one TCP port on the given profiles; nothing when the rule is as wanted.
    .DESCRIPTION
        The one place that decides firewall drift, for Add-PgFirewallRule and for a plan's
        firewall.allowTcp operation, so that both settle on the same rule.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param (
        [Parameter(Mandatory = $true)]
        [psobject]
        $Rule,

        [Parameter(Mandatory = $true)]
        [int]
        $Port,

        [Parameter(Mandatory = $true)]
        [string[]]
        $FirewallProfile
    )

    $drift = @()
    if ($Rule.Protocol -ne 'TCP') {
        $drift += "protocol $($Rule.Protocol), not TCP"
    }
    $ports = @($Rule.LocalPort) -join ','
    if ($ports -ne "$Port") {
        $drift += "port $ports, not $Port"
    }
    if ($Rule.Direction -ne 'Inbound') {
        $drift += "direction $($Rule.Direction), not Inbound"
    }
    if ($Rule.Action -ne 'Allow') {
        $drift += "action $($Rule.Action), not Allow"
    }
    if (-not $Rule.Enabled) {
        $drift += 'disabled'
    }
    $want = (ConvertTo-PgFirewallProfileSet -Value $FirewallProfile) -join ', '
    $have = (ConvertTo-PgFirewallProfileSet -Value $Rule.Profile) -join ', '
    if ($want -ne $have) {
        $drift += "profiles $have, not $want"
    }
    return [string[]]$drift
}
