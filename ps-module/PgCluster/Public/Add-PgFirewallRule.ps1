function Add-PgFirewallRule {
    <#
    .SYNOPSIS
        Opens an inbound TCP port for the Mirroring Controller or the instance, idempotently.

    .DESCRIPTION
        Creates an inbound allow rule for one TCP port with New-NetFirewallRule, identified by its
        unique Name and put in the group PgCluster. When a rule of that name exists, its protocol,
        port, direction, action, enabled state and profiles are compared (profiles as a set: Any is
        Domain, Private and Public) and a drifted rule is corrected with Set-NetFirewallRule, so
        running it again changes nothing.

    .PARAMETER Name
        The rule's unique name, such as PgCluster-MC-server1-TCP-In.

    .PARAMETER Port
        The TCP port to open: the port of this server in network.conf, or the instance port.

    .PARAMETER DisplayName
        The name shown in the Windows Firewall console. Defaults to the rule name.

    .PARAMETER FirewallProfile
        Firewall profiles the rule applies to: Domain, Private, Public, or Any alone (all three).
        Defaults to Domain and Private.

    .PARAMETER Force
        Adds or corrects the rule without asking for confirmation.

    .EXAMPLE
        Add-PgFirewallRule -Name 'PgCluster-MC-server1-TCP-In' -Port 27540 -DisplayName 'PgCluster Mirroring Controller server1'

        Opens the controller port of server1, as set-up step 7 of the manual asks.

    .OUTPUTS
        PgCluster.FirewallRule

    .LINK
        Remove-PgFirewallRule
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.FirewallRule')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter(Mandatory = $true, Position = 1)]
        [ValidateRange(1, 65535)]
        [int]
        $Port,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $DisplayName = $Name,

        [Parameter()]
        [ValidateSet('Domain', 'Private', 'Public', 'Any')]
        [string[]]
        $FirewallProfile = @('Domain', 'Private'),

        [Parameter()]
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    if ($FirewallProfile -contains 'Any' -and $FirewallProfile.Count -gt 1) {
        $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'FirewallProfileInvalid' -Category InvalidArgument `
                    -TargetObject $FirewallProfile -Message "-FirewallProfile '$($FirewallProfile -join ', ')' names Any together with other profiles." `
                    -Hint 'Give -FirewallProfile Any alone (all profiles), or a list of Domain, Private and Public.'))
    }
    $current = Get-PgFirewallRule -Name $Name
    if ($current) {
        $drift = @(Compare-PgFirewallRule -Rule $current -Port $Port -FirewallProfile $FirewallProfile)
        if ($drift.Count -eq 0) {
            Write-Verbose -Message "Firewall rule '$Name' already allows inbound TCP $Port."
            return $current
        }
        if ($PSCmdlet.ShouldProcess("firewall rule '$Name'", "Correct it to allow inbound TCP $Port (now: $($drift -join '; '))")) {
            Set-NetFirewallRule -Name $Name -Direction Inbound -Action Allow -Protocol TCP -LocalPort $Port -Enabled True -Profile $FirewallProfile
            return (Get-PgFirewallRule -Name $Name)
        }
        return
    }
    if ($PSCmdlet.ShouldProcess("firewall rule '$Name'", "Allow inbound TCP $Port")) {
        $null = New-NetFirewallRule -Name $Name -DisplayName $DisplayName -Group 'PgCluster' -Direction Inbound `
            -Protocol TCP -LocalPort $Port -Action Allow -Profile $FirewallProfile -Enabled True
        Get-PgFirewallRule -Name $Name
    }
}
