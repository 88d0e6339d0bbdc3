function Remove-PgClusterRole {
    <#
    .SYNOPSIS
        Removes a PostgreSQL failover-cluster role and keeps its disks and data.

    .DESCRIPTION
        Reads the role from the cluster and asks the Node helper for the removal plan: the role
        is taken offline (PostgreSQL stops), its resources are removed with the ones that depend
        on others first (the Generic Service, then the Network Name, then the IP Address), its
        disks go back to Available Storage with their data untouched, and the empty role is
        removed. A role that is already gone is not an error; a half-removed one is finished.

    .PARAMETER Name
        The role (cluster group) name.

    .PARAMETER Force
        Removes without asking for confirmation.

    .EXAMPLE
        Remove-PgClusterRole -Name PGSQL -WhatIf

        Shows what would be stopped, removed and given back.

    .EXAMPLE
        Remove-PgClusterRole -Name PGSQL -Force

        Removes the role; the cluster disks stay in Available Storage.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        New-PgClusterRole
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        try {
            $plan = Invoke-PgClusterAction -Name $Name -Action remove
            if ($plan.Count -eq 0) {
                Write-Verbose -Message "The cluster has no role named '$Name': nothing to remove."
            }
            Invoke-PgClusterPlan -Plan $plan
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
