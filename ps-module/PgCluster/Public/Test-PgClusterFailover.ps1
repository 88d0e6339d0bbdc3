function Test-PgClusterFailover {
    <#
    .SYNOPSIS
        The checking operation of a new PostgreSQL failover-cluster role: connects through the
        client access point, moves the role to the other node, connects again, and moves it back.

    .DESCRIPTION
        Brings the role online if it is not, then connects to PostgreSQL through the client
        access point (SELECT 1, with the reconnect rules of docs/client-behaviour.md), moves the
        role to the other node (or the node given), checks that it runs there and that a client
        connects again, and moves it back and checks once more (unless -Stay). Every step is
        printed with its outcome and, for connections, how long the client waited and which
        errors it saw meanwhile. The first failure stops the check with an error that names it.
        The moves interrupt the clients of the role: run it before production use or in a
        maintenance window.

    .PARAMETER Name
        The role (cluster group) name.

    .PARAMETER Port
        The PostgreSQL instance's port.

    .PARAMETER HostName
        Where clients connect; by default the DNS name of the role's Network Name resource.

    .PARAMETER Node
        The node to fail over to; by default the other node.

    .PARAMETER Credential
        A database user and password for the connection; by default the current user and the
        PGPASSWORD or pgpass file of the environment.

    .PARAMETER Database
        The database to connect to; postgres by default.

    .PARAMETER TimeoutSeconds
        How long each connection check may wait for the instance after a move; 120 by default.

    .PARAMETER Stay
        Leaves the role on the other node instead of moving it back.

    .PARAMETER Force
        Runs without asking for confirmation.

    .EXAMPLE
        Test-PgClusterFailover -Name PGSQL -Port 26500 -Credential (Get-Credential postgres)

        Moves the role there and back, with a client connection checked on each node.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Move-PgClusterRole
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')] # pgqa-allow: ShouldProcess.ReadOnly -- the checking operation moves the role between nodes, so it must honour -WhatIf and -Confirm
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [ValidateRange(1, 65535)]
        [int]
        $Port,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $HostName,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $Node,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $Database = 'postgres',

        [Parameter()]
        [ValidateRange(1, 3600)]
        [int]
        $TimeoutSeconds = 120,

        [Parameter()]
        [switch]
        $Stay,

        [Parameter()]
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    $arguments = @('--port', "$Port")
    if ($HostName) {
        $arguments += @('--host', $HostName)
    }
    if ($Node) {
        $arguments += @('--node', $Node)
    }
    if ($Stay) {
        $arguments += '--stay'
    }
    $environment = ConvertTo-PgProbeEnvironment -Credential $Credential -Environment @{ PGDATABASE = $Database }
    try {
        $plan = Invoke-PgClusterAction -Name $Name -Action failover-check -ArgumentList $arguments
        Invoke-PgClusterPlan -Plan $plan -ProbeEnvironment $environment -ProbeTimeoutSeconds $TimeoutSeconds
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
