function Get-PgFirewallRule {
    <#
    .SYNOPSIS
        Shows the inbound firewall rules PgCluster manages, with their ports.

    .DESCRIPTION
        Looks rules up by their unique Name (never by DisplayName, which Windows does not keep
        unique) with Get-NetFirewallRule and returns PgCluster.FirewallRule objects with the TCP
        ports from the rule's port filter. Without -Name it lists the rules of the group PgCluster.
        A name that does not exist gives no output and no error, so scripts can test for it.

    .PARAMETER Name
        Unique rule names, such as PgCluster-MC-server1-TCP-In. Accepts pipeline input.

    .EXAMPLE
        Get-PgFirewallRule -Name 'PgCluster-MC-server1-TCP-In'

        Shows whether the controller port of server1 is open.

    .EXAMPLE
        Get-PgFirewallRule

        Lists every firewall rule PgCluster has added on this server.

    .OUTPUTS
        PgCluster.FirewallRule

    .LINK
        Add-PgFirewallRule
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.FirewallRule')]
    param (
        [Parameter(ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name
    )

    process {
        if ($Name) {
            $rules = @(foreach ($n in $Name) {
                    Get-NetFirewallRule -Name $n -ErrorAction SilentlyContinue
                })
        }
        else {
            $rules = @(Get-NetFirewallRule -Group 'PgCluster' -ErrorAction SilentlyContinue)
        }
        foreach ($rule in $rules) {
            if ($null -eq $rule) {
                continue
            }
            $filter = $rule | Get-NetFirewallPortFilter
            [pscustomobject]@{
                PSTypeName  = 'PgCluster.FirewallRule'
                Name        = $rule.Name
                DisplayName = $rule.DisplayName
                Enabled     = ("$($rule.Enabled)" -eq 'True')
                Direction   = "$($rule.Direction)"
                Action      = "$($rule.Action)"
                Protocol    = "$($filter.Protocol)"
                LocalPort   = "$(@($filter.LocalPort) -join ',')"
                Profile     = ConvertTo-PgFirewallProfileSet -Value @($rule.Profile)
            }
        }
    }
}
