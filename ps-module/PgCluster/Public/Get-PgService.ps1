function Get-PgService {
    <#
    .SYNOPSIS
        Shows how a Windows service is configured, as the service control manager has it.

    .DESCRIPTION
        Reads each service through the SCM's API (PgCluster's pgcluster-scm.exe, as sc.exe qc
        would show it) and returns a PgCluster.Service object with the start type (Auto, Demand,
        Disabled; DelayedStart for automatic delayed start), the command line, the account and its
        SID (AccountSid: compare accounts by it, since .\symfo and HOST\symfo are one account), the
        description and the dependencies. Use it to check the services of the Mirroring Controller
        (mc_service_name) and of the instance (db_instance_service_name): the instance must be
        demand-start, since the controller starts it. A service that does not exist gives no output
        and a verbose message, so scripts can test for it.

    .PARAMETER Name
        Service names (not display names). Accepts pipeline input.

    .EXAMPLE
        Get-PgService -Name 'Mirroring_Controller_server1'

        Shows the start type and command line of the controller's service.

    .EXAMPLE
        'inst1', 'Mirroring_Controller_server1' | Get-PgService | Format-Table Name, StartType, Account

        Checks both services of a multiplexing server at a glance.

    .OUTPUTS
        PgCluster.Service

    .LINK
        Set-PgServiceStartMode
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.Service')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name
    )

    process {
        foreach ($service in $Name) {
            try {
                Invoke-PgServiceTool -Query $service
            }
            catch {
                $PSCmdlet.ThrowTerminatingError($_)
            }
        }
    }
}
