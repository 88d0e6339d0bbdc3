function Remove-PgFirewallRule {
    <#
    .SYNOPSIS
        Removes firewall rules PgCluster added; a rule that is already gone is not an error.

    .DESCRIPTION
        Deletes rules by their unique Name with Remove-NetFirewallRule. Names that do not exist are
        reported with a verbose message only, so uninstalling twice is harmless.

    .PARAMETER Name
        Unique rule names. Accepts pipeline input, also from Get-PgFirewallRule.

    .PARAMETER Force
        Removes without asking for confirmation.

    .EXAMPLE
        Remove-PgFirewallRule -Name 'PgCluster-MC-server1-TCP-In'

        Closes the controller port of server1 after it left multiplexing.

    .EXAMPLE
        Get-PgFirewallRule | Remove-PgFirewallRule -WhatIf

        Shows which PgCluster rules would be removed.

    .OUTPUTS
        None

    .LINK
        Add-PgFirewallRule
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        foreach ($n in $Name) {
            if (-not (Get-PgFirewallRule -Name $n)) {
                Write-Verbose -Message "Firewall rule '$n' does not exist."
                continue
            }
            if ($PSCmdlet.ShouldProcess("firewall rule '$n'", 'Remove')) {
                Remove-NetFirewallRule -Name $n
            }
        }
    }
}
